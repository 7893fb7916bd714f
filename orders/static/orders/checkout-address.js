// The checkout's address, a little easier with scripts on: the state list shows only the chosen
// country's states or provinces, and is hidden for a country that has none. Without scripts the
// whole grouped list shows, and the server checks the state belongs to the country.
(function () {
  "use strict";
  var country = document.getElementById("id_country");
  var region = document.getElementById("id_region");
  if (!country || !region) {
    return;
  }
  var field = region.closest(".field");
  var groups = Array.prototype.slice.call(region.querySelectorAll("optgroup"));

  function countryOf(group) {
    var first = group.querySelector("option");
    return first ? first.value.split("-")[0] : "";
  }

  function show() {
    var any = false;
    groups.forEach(function (group) {
      var mine = countryOf(group) === country.value;
      group.hidden = !mine;
      group.disabled = !mine;
      any = any || mine;
    });
    var chosen = region.options[region.selectedIndex];
    if (chosen && chosen.parentNode.disabled) {
      region.value = "";
    }
    field.hidden = !any;
  }

  country.addEventListener("change", show);
  show();
})();
