// Starts `dun lsp` for .dun files. Install: see docs/editors.md in the dun repository.
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const config = vscode.workspace.getConfiguration("dun");
  const command = config.get("path", "dun");
  const args = [...config.get("extraArgs", []), "lsp"];
  client = new LanguageClient(
    "dun",
    "dun",
    { run: { command, args }, debug: { command, args } },
    {
      documentSelector: [{ scheme: "file", language: "dun" }],
      synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher("**/*.dun") },
    }
  );
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
