// The door: where the browser can read QR codes (BarcodeDetector) and has a camera, a button
// opens the camera; a code it reads goes into the ticket field and is sent like a typed one.
(function () {
  const button = document.getElementById("scan-ticket");
  const camera = document.getElementById("door-camera");
  const form = document.getElementById("ticket-form");
  if (!button || !camera || !form) return;
  if (!("BarcodeDetector" in window) || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) return;

  const video = camera.querySelector("video");
  const stop = document.getElementById("stop-scanning");
  const field = form.querySelector("[name=code]");
  let stream = null;
  let timer = null;

  function close() {
    if (timer) window.clearTimeout(timer);
    timer = null;
    if (stream) stream.getTracks().forEach(function (track) { track.stop(); });
    stream = null;
    video.srcObject = null;
    camera.hidden = true;
    button.hidden = false;
    button.focus();
  }

  function look(detector) {
    detector.detect(video).then(function (codes) {
      if (!stream) return;
      if (codes.length && codes[0].rawValue) {
        field.value = codes[0].rawValue;
        close();
        form.requestSubmit();
        return;
      }
      timer = window.setTimeout(function () { look(detector); }, 250);
    }).catch(function () {
      timer = window.setTimeout(function () { look(detector); }, 500);
    });
  }

  function open() {
    window.BarcodeDetector.getSupportedFormats().then(function (formats) {
      if (formats.indexOf("qr_code") === -1) throw new Error("no QR codes here");
      return navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false });
    }).then(function (opened) {
      stream = opened;
      video.srcObject = stream;
      camera.hidden = false;
      button.hidden = true;
      return video.play();
    }).then(function () {
      look(new window.BarcodeDetector({ formats: ["qr_code"] }));
    }).catch(function () {
      close();
      button.hidden = true;
      field.focus();
    });
  }

  window.BarcodeDetector.getSupportedFormats().then(function (formats) {
    if (formats.indexOf("qr_code") !== -1) button.hidden = false;
  }).catch(function () {});
  button.addEventListener("click", open);
  stop.addEventListener("click", close);
})();
