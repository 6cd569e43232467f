// Seed inputs for ParserFuzzTest (Jazzer): one small valid input per parser, so the fuzzer starts
// from the structures it must explore instead of from empty bytes. Run from this folder with
//   NODE_PATH=/work/npm/node_modules node make_seeds.js
// (jpeg-js 0.4.x and pngjs 7.x encode the images; everything else is written literally).
// Input layout (Jazzer's FuzzedDataProvider): the parser is chosen by consumeInt(0, 7), which reads
// ONE byte from the END of the input (value = byte % 8); the payload is the rest.
const fs = require('fs');
const path = require('path');
const jpeg = require('jpeg-js');
const { PNG } = require('pngjs');

const out = path.join(__dirname, '..', 'resources', 'org', 'gridbox', 'cli', 'ParserFuzzTestInputs', 'parsers');
fs.mkdirSync(out, { recursive: true });
const seed = (name, target, payload) =>
  fs.writeFileSync(path.join(out, name), Buffer.concat([Buffer.from(payload), Buffer.from([target])]));

// 8x6 RGBA gradient
const w = 8, h = 6, rgba = Buffer.alloc(w * h * 4);
for (let i = 0; i < w * h; i++) { rgba[4 * i] = 30 * (i % w); rgba[4 * i + 1] = 40 * Math.floor(i / w); rgba[4 * i + 2] = 99; rgba[4 * i + 3] = 255; }
const jpg = jpeg.encode({ data: rgba, width: w, height: h }, 90).data;
const png = PNG.sync.write(Object.assign(new PNG({ width: w, height: h }), { data: rgba }));
const bmp = Buffer.alloc(54 + w * h * 3 + h * ((4 - (w * 3) % 4) % 4));
bmp.write('BM', 0); bmp.writeUInt32LE(bmp.length, 2); bmp.writeUInt32LE(54, 10); bmp.writeUInt32LE(40, 14);
bmp.writeInt32LE(w, 18); bmp.writeInt32LE(h, 22); bmp.writeUInt16LE(1, 26); bmp.writeUInt16LE(24, 28);
const ppm = Buffer.concat([Buffer.from(`P6\n# seed\n${w} ${h}\n255\n`), Buffer.alloc(w * h * 3, 128)]);

for (const [t, name] of [[0, 'header'], [7, 'decode']]) {
  seed(`${name}-jpeg`, t, jpg);
  seed(`${name}-png`, t, png);
  seed(`${name}-bmp`, t, bmp);
  seed(`${name}-ppm`, t, ppm);
}
seed('journal-line', 1, '{"image":"a.jpg","width":8,"height":6,"detections":[{"class_id":0,"class":"face","score":0.9,"xyxy":[1,1,4,4]}],"annotated":"images/a.jpg"}');
seed('yolo-labels', 2, '0 0.5 0.5 0.25 0.25\n1 0.1 0.2 0.05 0.05\n');
seed('coco-gt', 3, '{"images":[{"id":1,"file_name":"a.jpg","width":8,"height":6}],"categories":[{"id":1,"name":"a"}],'
  + '"annotations":[{"id":1,"image_id":1,"category_id":1,"bbox":[1,1,3,3],"area":9,"iscrowd":0}]}');
seed('coco-results', 4, '[{"image_id":1,"category_id":1,"bbox":[1,1,3,3],"score":0.9}]');
seed('voc-xml', 5, '<annotation><filename>a.jpg</filename><size><width>8</width><height>6</height><depth>3</depth></size>'
  + '<object><name>a</name><difficult>0</difficult><bndbox><xmin>1</xmin><ymin>1</ymin><xmax>4</xmax><ymax>4</ymax></bndbox></object></annotation>');
seed('tfjs-manifest', 6, '[{"paths":["shard.bin"],"weights":[{"name":"w","shape":[2,2],"dtype":"float32"},'
  + '{"name":"q","shape":[16],"dtype":"float32","quantization":{"dtype":"uint8","scale":0.1,"min":-1}},'
  + '{"name":"h","shape":[16],"dtype":"float32","quantization":{"dtype":"float16"}}]}]');
console.log('seeds written to', out);
