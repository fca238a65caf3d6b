// Writes the TypeScript types of an OpenAPI document (openapi-typescript's Node API, so that
// `format: binary` becomes Blob: multipart uploads then take a File without a cast).
//   node scripts/gen-api-types.mjs <openapi.json> <out.ts>
import fs from "node:fs";
import ts from "typescript";
import openapiTS, { astToString, COMMENT_HEADER } from "openapi-typescript";

const [input, output] = process.argv.slice(2);
if (!input || !output) {
  console.error("usage: node scripts/gen-api-types.mjs <openapi.json> <out.ts>");
  process.exit(2);
}
const doc = JSON.parse(fs.readFileSync(input, "utf8"));
const blob = ts.factory.createTypeReferenceNode("Blob");
const ast = await openapiTS(doc, {
  // `export type Booking = components["schemas"]["Booking"]` and so on: the app imports the names.
  rootTypes: true,
  rootTypesNoSchemaPrefix: true,
  transform(schema) {
    if (schema.format === "binary") return schema.nullable ? ts.factory.createUnionTypeNode([blob, ts.factory.createLiteralTypeNode(ts.factory.createNull())]) : blob;
    return undefined;
  },
});
fs.writeFileSync(output, COMMENT_HEADER + astToString(ast));
