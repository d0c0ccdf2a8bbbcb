class PlainLabels:
    """Labels without the trailing colon, as the CSS framework expects."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
