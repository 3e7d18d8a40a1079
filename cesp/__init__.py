"""cesp: the information system of the contrat d'engagement de service public."""

__version__ = "0.1.0"
