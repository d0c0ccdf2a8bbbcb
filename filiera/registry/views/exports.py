def export_firms(request):
    raise NotImplementedError
