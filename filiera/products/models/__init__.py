from filiera.products.models.batches import Batch, BatchEvent
from filiera.products.models.label import Component, ComponentFibre, ProductImage, Substance
from filiera.products.models.product import Product, ProductMaterial, ProductStep

__all__ = [
    "Batch",
    "BatchEvent",
    "Component",
    "ComponentFibre",
    "Product",
    "ProductImage",
    "ProductMaterial",
    "ProductStep",
    "Substance",
]
