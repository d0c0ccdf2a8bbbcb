#!/usr/bin/env python
from filiera.cli import main

if __name__ == "__main__":
    main()
