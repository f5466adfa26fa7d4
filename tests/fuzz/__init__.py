"""Our own fuzzer of the command line (PRODUCT.md §8; docs/reliability.md says how to run it).

`python -m tests.fuzz --cases 20000 --seed 1` is the long profile; tests/fuzz/test_fuzz.py runs a short one.
"""
