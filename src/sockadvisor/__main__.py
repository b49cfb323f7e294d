"""`python -m sockadvisor`."""

from sockadvisor.cli import main

if __name__ == "__main__":
    main()
