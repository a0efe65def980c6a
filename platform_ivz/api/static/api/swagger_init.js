// The API documentation page (platform_ivz/api/templates/api/docs.html): Swagger UI over the
// schema, served from this site (no CDN, no inline script, so the CSP holds).
(function () {
  "use strict";
  var element = document.getElementById("swagger-ui");
  if (!element || !window.SwaggerUIBundle) {
    return;
  }
  window.SwaggerUIBundle({
    url: element.dataset.schemaUrl,
    dom_id: "#swagger-ui",
    deepLinking: false,
    validatorUrl: null,
    supportedSubmitMethods: ["get"],
  });
})();
