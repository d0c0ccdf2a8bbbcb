def import_companies(request, slug):
    raise NotImplementedError
