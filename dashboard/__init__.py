"""Relations Atlas dashboard: reads datasets derived by `geodata` and renders them."""
