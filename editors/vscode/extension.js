// Starts `werkvorm lsp` for .werkvorm files: diagnostics, completion, hover, outline and formatting
// all come from the language server; this file only connects VS Code to it.
'use strict';

const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

let client;

function activate(context) {
  const command = vscode.workspace.getConfiguration('werkvorm').get('opdracht') || 'werkvorm';
  const server = { command, args: ['lsp'], transport: TransportKind.stdio };
  client = new LanguageClient(
    'werkvorm',
    'Werkvorm',
    { run: server, debug: server },
    { documentSelector: [{ language: 'werkvorm' }] }
  );
  client.start().catch(() => {
    vscode.window.showErrorMessage(
      `Kan '${command} lsp' niet starten. Staat werkvorm-dsl op deze computer? ` +
      "Vul anders bij Instellingen > Werkvorm het volledige pad naar 'werkvorm' in."
    );
  });
  context.subscriptions.push({ dispose: () => client && client.stop() });
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
