// The CAP server for `make check-sap`: cds's own server, plus what SAP
// Gateway does and CAP does not. A GET with "x-csrf-token: Fetch" gets a
// token in the same header (onramp's sign-in check insists on one: every
// write needs it). Writes the port it listens on to $ONRAMP_SAP_PORT_FILE.
const cds = require("@sap/cds");
const crypto = require("crypto");
const fs = require("fs");

cds.on("bootstrap", (app) => {
  app.use((req, res, next) => {
    if ((req.headers["x-csrf-token"] || "").toLowerCase() === "fetch")
      res.set("x-csrf-token", crypto.randomBytes(16).toString("base64"));
    next();
  });
});

cds.on("listening", ({ server }) => {
  if (process.env.ONRAMP_SAP_PORT_FILE)
    fs.writeFileSync(process.env.ONRAMP_SAP_PORT_FILE, String(server.address().port) + "\n");
});

module.exports = cds.server;
