"""The data generator and the performance benchmark of PRODUCT.md §9 (see docs/performance.md)."""
