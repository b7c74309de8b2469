"""The page's layout at narrow widths: CSS added once to the page, no script.

Streamlit lays the map and the panel out in two columns (2:1) beside a 300 px sidebar; at
900 px that left the map 277 px (31% of the screen). Below 900 px the panel goes under the
map, full width, with narrower margins; on a phone the map is made shorter than the
screen (100vh less the header, the legend and the search box), so that the legend and the
map share the first screen and the far south (Antarctica) is not a third of it. The map's
own frame follows its height (mapview.base_map: `#map_div` fills its frame there)."""

from __future__ import annotations

MAP = 'iframe[title="streamlit_folium.st_folium"]'
# The row of columns that holds the map (not every row of the page).
MAP_ROW = f'[data-testid="stHorizontalBlock"]:has({MAP})'
PHONE_MAP_HEIGHT = "max(300px, calc(100vh - 390px))"

LAYOUT_CSS = f"""<style>
@media (max-width: 900px) {{
  [data-testid="stMainBlockContainer"] {{ padding-left: 1rem; padding-right: 1rem; }}
  {MAP_ROW} {{ flex-direction: column; }}
  {MAP_ROW} > [data-testid="stColumn"] {{
    width: 100% !important; flex: 1 1 auto !important; min-width: 100%;
  }}
}}
@media (max-width: 640px) {{
  {MAP} {{ height: min(600px, {PHONE_MAP_HEIGHT}) !important; }}
  [data-testid="legend"] {{ font-size: 0.75rem !important; line-height: 1.3; }}
}}
</style>"""
