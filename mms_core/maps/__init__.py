"""Maps: geometry, classes, folium building, legend, map exports."""
