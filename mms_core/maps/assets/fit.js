window.mmsFit = window.mmsFit || function (map, bounds, options, fly) {
  var size = map.getSize(), pad = (options && options.padding ? options.padding[0] : 0) * 2 + 20;
  if (!(size.x > pad && size.y > pad)) {
    map._mmsFitLater = [bounds, options];
    if (!map._mmsFitWaits) {
      map._mmsFitWaits = true;
      map.on("resize", function () {
        var later = map._mmsFitLater;
        if (later) { map._mmsFitLater = null; window.mmsFit(map, later[0], later[1], false); }
      });
    }
    return false;
  }
  map._mmsFitLater = null;
  if (fly) { map.flyToBounds(bounds, options); } else { map.fitBounds(bounds, options); }
  return true;
};
