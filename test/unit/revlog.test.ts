import { describe, expect, it } from "vitest";
import { applyDelta, changesetFileList, deltaChain, headNodes, holdsNode, nodeOf, parseRevlogIndex, tipNode } from "../../src/core/revlog.js";
import { changesetText, madeRevlog } from "../helpers/revlog-bytes.js";

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const text = (data: Uint8Array | undefined): string | undefined => (data === undefined ? undefined : new TextDecoder().decode(data));

function fragment(start: number, end: number, data: string): Buffer {
  const header = Buffer.alloc(12);
  header.writeUInt32BE(start, 0);
  header.writeUInt32BE(end, 4);
  header.writeUInt32BE(Buffer.byteLength(data), 8);
  return Buffer.concat([header, Buffer.from(data)]);
}

describe("applyDelta", () => {
  it("replaces, inserts and deletes ranges of the base, in order", () => {
    const base = bytes("line one\nline two\nline three\n");
    const delta = Buffer.concat([fragment(0, 4, "LINE"), fragment(9, 9, "inserted\n"), fragment(18, 29, "")]);
    expect(text(applyDelta(base, delta))).toBe("LINE one\ninserted\nline two\n");
    expect(text(applyDelta(base, new Uint8Array(0)))).toBe("line one\nline two\nline three\n");
  });

  it("refuses fragments out of order, past the base, or cut short", () => {
    const base = bytes("0123456789");
    expect(applyDelta(base, Buffer.concat([fragment(5, 6, "x"), fragment(2, 3, "y")]))).toBeUndefined();
    expect(applyDelta(base, fragment(3, 11, "x"))).toBeUndefined();
    expect(applyDelta(base, fragment(4, 3, "x"))).toBeUndefined();
    expect(applyDelta(base, fragment(0, 1, "abc").subarray(0, 14))).toBeUndefined();
    expect(applyDelta(base, fragment(0, 1, "abc").subarray(0, 8))).toBeUndefined();
  });
});

describe("parseRevlogIndex", () => {
  const revlog = madeRevlog([{ text: "first" }, { text: "second", p1: 0 }, { text: "third", deltaAgainst: 1, p1: 1 }]);

  it("reads an inline index: parents, bases and where each chunk lies", () => {
    const index = parseRevlogIndex(revlog.index);
    expect(index?.count).toBe(3);
    expect(index?.inline).toBe(true);
    expect([...(index?.p1 ?? [])]).toEqual([-1, 0, 1]);
    expect([...(index?.base ?? [])]).toEqual([0, 1, 1]);
    if (!index) return;
    expect(Buffer.from(nodeOf(index, 2)).toString("hex")).toBe(revlog.nodes[2]);
    expect(Buffer.from(nodeOf(index, -1)).toString("hex")).toBe("0".repeat(40));
  });

  it("refuses another version, unknown flags, a flagged revision, a parent not before its child and trailing bytes", () => {
    const changed = (at: number, value: number, size: 2 | 4 = 4): Buffer => {
      const copy = Buffer.from(revlog.index);
      if (size === 4) copy.writeInt32BE(value, at);
      else copy.writeUInt16BE(value, at);
      return copy;
    };
    expect(parseRevlogIndex(changed(0, (1 << 16) | 2))).toBeUndefined();
    expect(parseRevlogIndex(changed(0, (1 << 18) | (1 << 16) | 1))).toBeUndefined();
    expect(parseRevlogIndex(changed(6, 1 << 15, 2))).toBeUndefined();
    expect(parseRevlogIndex(changed(24, 0))).toBeUndefined();
    expect(parseRevlogIndex(Buffer.concat([revlog.index, Buffer.from("x")]))).toBeUndefined();
    expect(parseRevlogIndex(revlog.index.subarray(0, 63))).toBeUndefined();
  });
});

describe("headNodes and holdsNode", () => {
  // 0 - 1 - 2 and 1 - 3 - 4 and 0 - 5: heads 2, 4 and 5; then 6 merges 2 and 4.
  const branched = [{ text: "a" }, { text: "b", p1: 0 }, { text: "c", p1: 1 }, { text: "d", p1: 1 }, { text: "e", p1: 3 }, { text: "f", p1: 0 }];
  const merged = [...branched, { text: "g", p1: 2, p2: 4 }];
  const hex = (nodes: Uint8Array[] | undefined): string[] | undefined => nodes?.map((node) => Buffer.from(node).toString("hex"));

  for (const separate of [false, true]) {
    const layout = separate ? "a separate index" : "an inline revlog";
    it(`finds every head of ${layout}, a merge's parents excepted`, () => {
      const made = madeRevlog(branched, { separate });
      expect(hex(headNodes(made.index))).toEqual([made.nodes[2], made.nodes[4], made.nodes[5]]);
      const after = madeRevlog(merged, { separate });
      expect(hex(headNodes(after.index))).toEqual([after.nodes[5], after.nodes[6]]);
    });

    it(`names the tip of ${layout}: its highest revision`, () => {
      const made = madeRevlog(branched, { separate });
      const tip = tipNode(made.index);
      expect(tip && Buffer.from(tip).toString("hex")).toBe(made.nodes[5]);
      expect(tipNode(made.index.subarray(0, 10))).toBeUndefined();
    });

    it(`tells whether ${layout} holds a hash`, () => {
      const made = madeRevlog(branched, { separate });
      const other = madeRevlog(merged, { separate });
      for (const node of made.nodes) expect(holdsNode(made.index, Buffer.from(node, "hex"))).toBe(true);
      expect(holdsNode(made.index, Buffer.from(other.nodes[6] ?? "", "hex"))).toBe(false);
      expect(holdsNode(made.index, Buffer.alloc(20))).toBe(false);
      expect(holdsNode(made.index, Buffer.from("abcd", "hex"))).toBe(false);
    });
  }

  it("answers undefined for an index it cannot read: another version, a parent after its child, a cut entry", () => {
    const made = madeRevlog(branched, { separate: true });
    const version = Buffer.from(made.index);
    version.writeUInt16BE(2, 2);
    expect(headNodes(version)).toBeUndefined();
    expect(holdsNode(version, Buffer.from(made.nodes[0] ?? "", "hex"))).toBeUndefined();
    const forward = Buffer.from(made.index);
    forward.writeInt32BE(4, 64 * 2 + 24);
    expect(headNodes(forward)).toBeUndefined();
    expect(headNodes(made.index.subarray(0, made.index.length - 1))).toBeUndefined();
  });
});

describe("deltaChain", () => {
  it("walks back one revision at a time without general delta, and by the named base with it", () => {
    const plain = parseRevlogIndex(madeRevlog([{ text: "a" }, { text: "b", deltaAgainst: 0 }, { text: "c", deltaAgainst: 1 }, { text: "d" }]).index);
    const general = parseRevlogIndex(madeRevlog([{ text: "a" }, { text: "b", deltaAgainst: 0 }, { text: "c", deltaAgainst: 0 }, { text: "d", deltaAgainst: 2 }], { generalDelta: true }).index);
    if (!plain || !general) throw new Error("the made revlogs did not parse");
    expect(deltaChain(plain, 2)).toEqual([0, 1, 2]);
    expect(deltaChain(plain, 3)).toEqual([3]);
    expect(deltaChain(plain, 2, 1)).toEqual([1, 2]);
    expect(deltaChain(general, 3)).toEqual([0, 2, 3]);
    expect(deltaChain(general, 3, 1)).toEqual([0, 2, 3]);
  });
});

describe("changesetFileList", () => {
  it("lists the files between the date and the blank line, none for a changeset without files", () => {
    expect(changesetFileList(bytes(changesetText(["mod_a/mod_a.lua", "mod_b/README.md"], "two\n\nparagraphs")))).toEqual(["mod_a/mod_a.lua", "mod_b/README.md"]);
    expect(changesetFileList(bytes(changesetText([], "merge")))).toEqual([]);
    expect(changesetFileList(bytes(changesetText(["é/ü.lua"], "")))).toEqual(["é/ü.lua"]);
  });

  it("refuses a text without the blank line or the manifest's hash", () => {
    expect(changesetFileList(bytes("0123456789abcdef0123456789abcdef01234567\nuser\n1 0\nfile"))).toBeUndefined();
    expect(changesetFileList(bytes("not a hash\nuser\n1 0\nfile\n\ndescription"))).toBeUndefined();
  });
});
