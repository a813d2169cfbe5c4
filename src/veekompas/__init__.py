"""veekompas: decision support for the future of livestock farming in Regio Foodvalley."""

__version__ = "0.1.0"
