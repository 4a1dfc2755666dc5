// Optional enhancements. Every page works without this file.
(function () {
  "use strict";
  document.querySelectorAll(".js-only").forEach(function (el) { el.hidden = false; });

  var locate = document.querySelector("[data-use-location]");
  if (locate && "geolocation" in navigator) {
    var status = document.querySelector("[data-location-status]");
    locate.addEventListener("click", function () {
      var form = locate.closest("form");
      navigator.geolocation.getCurrentPosition(function (position) {
        var lat = position.coords.latitude.toFixed(5), lon = position.coords.longitude.toFixed(5);
        var input = form.querySelector("[name=near]");
        input.value = lat + "," + lon;
        form.submit();
      }, function () {
        if (status) { status.textContent = locate.getAttribute("data-error") || ""; }
      }, { timeout: 10000 });
    });
  } else if (locate) {
    locate.hidden = true;
  }

  var share = document.querySelector("[data-share]");
  if (share) {
    share.addEventListener("click", function () {
      var url = share.getAttribute("data-share-url");
      var done = document.querySelector("[data-share-status]");
      if (navigator.share) {
        navigator.share({ title: share.getAttribute("data-share-title"), url: url }).catch(function () {});
      } else if (navigator.clipboard) {
        navigator.clipboard.writeText(url).then(function () {
          if (done) { done.textContent = share.getAttribute("data-copied"); }
        });
      }
    });
  }

  var print = document.querySelector("[data-print]");
  if (print) {
    print.addEventListener("click", function (event) { event.preventDefault(); window.print(); });
  }
})();
