"""Writes to products: the product itself, its footprint composition, its label (fibres by
component, substances of concern), images, steps, batches and their traceability events.

Every write is atomic and audited on the brand's history; bad input raises ``ProductError``
naming the field (and the row, for the rows of the composition, the label, the substances and
the steps) and saves nothing. A write that changes what the footprint is computed from ends by
refreshing the stored footprint, in the same transaction. Who may call these is checked by the
views (``filiera.products.access``). The modules split the work by topic; import from here.
"""

from filiera.products.services.batches import (
    add_batch_event,
    create_batch,
    date_outside_step,
    delete_batch,
    remove_batch_event,
    serial_in_order,
    update_batch,
)
from filiera.products.services.common import ProductError, SiteRef
from filiera.products.services.composition import (
    MAX_MATERIALS,
    check_composition,
    set_composition,
)
from filiera.products.services.images import (
    MAX_IMAGES,
    add_image,
    image_format,
    remove_image,
    update_image,
)
from filiera.products.services.label import (
    MAX_COMPONENTS,
    MAX_SUBSTANCES,
    check_components,
    check_substances,
    set_components,
    set_substances,
)
from filiera.products.services.product import (
    DURABILITY_FIELDS,
    IDENTIFIER_FIELDS,
    MAIN_FIELDS,
    MAKING_FIELDS,
    PRODUCT_FIELDS,
    RECYCLED_FIELDS,
    WEARER_FIELDS,
    clean_commodity_code,
    clean_gtin,
    create_product,
    delete_product,
    gtin_taken,
    model_code_taken,
    update_product,
)
from filiera.products.services.steps import (
    check_steps,
    process_codes,
    set_steps,
    step_processes,
)

__all__ = [
    "DURABILITY_FIELDS",
    "IDENTIFIER_FIELDS",
    "MAIN_FIELDS",
    "MAKING_FIELDS",
    "MAX_COMPONENTS",
    "MAX_IMAGES",
    "MAX_MATERIALS",
    "MAX_SUBSTANCES",
    "PRODUCT_FIELDS",
    "RECYCLED_FIELDS",
    "WEARER_FIELDS",
    "ProductError",
    "SiteRef",
    "add_batch_event",
    "add_image",
    "check_components",
    "check_composition",
    "check_steps",
    "check_substances",
    "clean_commodity_code",
    "clean_gtin",
    "create_batch",
    "create_product",
    "date_outside_step",
    "delete_batch",
    "delete_product",
    "gtin_taken",
    "image_format",
    "model_code_taken",
    "process_codes",
    "remove_batch_event",
    "remove_image",
    "serial_in_order",
    "set_components",
    "set_composition",
    "set_steps",
    "set_substances",
    "step_processes",
    "update_batch",
    "update_image",
    "update_product",
]
