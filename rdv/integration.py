"""How rdv plugs into the portal: menus, dashboard tile, demo data, staff rights."""
