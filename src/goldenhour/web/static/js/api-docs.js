// Swagger UI for /docs, from the package's own copy (no CDN: the docs work offline), started
// from this file because the Content-Security-Policy allows no inline script.
window.SwaggerUIBundle({
  url: "/openapi.json",
  dom_id: "#swagger-ui",
  deepLinking: true,
});
