// The directory's widget for partners' sites. Everything works without this file: the code a
// partner pastes is a link to the directory's search.
//
// On a partner's page it turns each such link (made on /embed/build) into a frame holding the
// widget. Inside that frame it tells the partner's page how tall the widget is, so the frame
// fits it with no scroll bar of its own. On /embed/build it also copies the code.
(function () {
  "use strict";
  var MESSAGE = "directory-embed-height";
  var SMALLEST = 160;
  var TALLEST = 4000;

  if (document.documentElement.hasAttribute("data-directory-embed-page")) {
    if (window.parent === window) { return; }
    var last = 0;
    var report = function () {
      var main = document.querySelector("main") || document.body;
      var height = Math.ceil(main.getBoundingClientRect().bottom + window.scrollY);
      if (height !== last) {
        last = height;
        // The height is no secret: any page framing the widget may know it.
        window.parent.postMessage({ type: MESSAGE, height: height }, "*");
      }
    };
    window.addEventListener("load", report);
    window.addEventListener("resize", report);
    if ("ResizeObserver" in window) { new ResizeObserver(report).observe(document.body); }
    report();
    return;
  }

  // The script may be pasted twice, or loaded by the page and the snippet alike.
  if (window.directoryWidgetLoaded) { return; }
  window.directoryWidgetLoaded = true;
  var frames = [];

  window.addEventListener("message", function (event) {
    var data = event.data;
    if (!data || data.type !== MESSAGE || typeof data.height !== "number") { return; }
    frames.forEach(function (frame) {
      // Only the widget's own frame, from the directory's own address, may resize it.
      if (event.source === frame.contentWindow && event.origin === frame.getAttribute("data-origin")) {
        frame.style.height = Math.min(Math.max(data.height, SMALLEST), TALLEST) + "px";
      }
    });
  });

  var upgrade = function () {
    document.querySelectorAll("a[data-directory-embed]").forEach(function (link) {
      var address = link.getAttribute("data-directory-embed");
      var origin;
      try { origin = new URL(address, document.baseURI).origin; } catch (error) { return; }
      var frame = document.createElement("iframe");
      frame.src = address;
      frame.title = link.getAttribute("data-directory-embed-title") || link.textContent;
      frame.setAttribute("data-origin", origin);
      frame.setAttribute("loading", "lazy");
      frame.className = "directory-embed";
      frame.style.display = "block";
      frame.style.width = "100%";
      frame.style.maxWidth = "100%";
      frame.style.height = "32rem";
      frame.style.border = "0";
      link.parentNode.replaceChild(frame, link);
      frames.push(frame);
    });
  };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", upgrade);
  } else {
    upgrade();
  }

  document.querySelectorAll("[data-widget-copy]").forEach(function (button) {
    var field = document.getElementById(button.getAttribute("data-widget-copy"));
    var status = document.querySelector("[data-widget-copy-status]");
    if (!field) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      var done = function () { if (status) { status.textContent = button.getAttribute("data-copied"); } };
      field.focus();
      field.select();
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(done, function () {});
      } else {
        try { if (document.execCommand("copy")) { done(); } } catch (error) { /* left selected to copy by hand */ }
      }
    });
  });
})();
