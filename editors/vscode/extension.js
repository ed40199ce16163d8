// The smallest client for `stpctl lsp`: start it on stdio for YAML files.
// Build: npm install && npx @vscode/vsce package; then install the .vsix.
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate() {
  const [command, ...args] = vscode.workspace
    .getConfiguration("stpctl")
    .get("command", ["stpctl", "lsp"]);
  client = new LanguageClient(
    "stpctl",
    "stpctl",
    { command, args },
    { documentSelector: [{ scheme: "file", language: "yaml" }] }
  );
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
