// Runs an ONNX model in ONNX Runtime (the npm package onnxruntime-node) on CSV rows of features
// and prints the output as JSON: {"dims": [...], "data": [...]}.
//   node run_onnxruntime.js PACKAGE_DIR MODEL.onnx INPUT.csv
'use strict';
const fs = require('fs');
const ort = require(process.argv[2]);

async function main() {
  const session = await ort.InferenceSession.create(process.argv[3]);
  const rows = fs.readFileSync(process.argv[4], 'utf8').trim().split('\n')
                   .map((line) => line.split(',').map(Number));
  const data = Float32Array.from(rows.flat());
  const input = new ort.Tensor('float32', data, [rows.length, rows[0].length]);
  const result = await session.run({input});
  const output = result[session.outputNames[0]];
  process.stdout.write(JSON.stringify({dims: output.dims, data: Array.from(output.data)}));
}

main().catch((error) => {
  process.stderr.write(`${error.stack || error}\n`);
  process.exit(1);
});
