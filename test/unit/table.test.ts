import { describe, expect, it } from "vitest";
import { formatTable } from "../../src/cli/table.js";

interface Row {
  name: string;
  stage: string;
  summary: string;
}

const columns = [
  { header: "NAME", value: (row: Row) => row.name },
  { header: "STAGE", value: (row: Row) => row.stage },
  { header: "SUMMARY", value: (row: Row) => row.summary, maxWidth: 12 },
];

describe("formatTable", () => {
  it("pads every column but the last to its widest cell or header, two spaces apart", () => {
    const text = formatTable(
      [
        { name: "* mod_a", stage: "Beta", summary: "short" },
        { name: "  mod_long_name", stage: "-", summary: "" },
      ],
      columns,
    );
    expect(text).toBe(["NAME             STAGE  SUMMARY", "* mod_a          Beta   short", "  mod_long_name  -"].join("\n") + "\n");
  });

  it("puts a cell on one line, keeps its leading spaces, and clips the last column with an ellipsis", () => {
    const text = formatTable([{ name: "  x", stage: "a\tb", summary: "line one\n   line two and more" }], columns);
    expect(text.split("\n")[1]).toBe("  x   a b    line one li\u2026");
  });

  it("is the header alone without rows", () => {
    expect(formatTable([], columns)).toBe("NAME  STAGE  SUMMARY\n");
  });
});
