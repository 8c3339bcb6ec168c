import { describe, expect, it } from "vitest";
import { decodeMarkers, encodeMarker, findMarker, readSection, upsertMarker, writeSection } from "../../../src/markers/marker.js";

describe("markers", () => {
  it("round-trips data, even text that tries to close the HTML comment", () => {
    const hostile = { reason: "x --> <script>alert(1)</script> <!-- y", n: 3 };
    const marker = encodeMarker("plan", hostile);
    expect(marker.match(/-->/g)).toHaveLength(1);
    expect(marker).not.toContain("<script>");
    expect(findMarker(`before\n${marker}\nafter`, "plan")).toEqual(hostile);
  });

  it("skips malformed markers instead of throwing", () => {
    expect(decodeMarkers('<!-- anvil:plan {"a": } -->')).toEqual([]);
    expect(decodeMarkers(null)).toEqual([]);
  });

  it("replaces a marker in place, or prepends one", () => {
    const body = `${encodeMarker("a", { v: 1 })}\ntext`;
    expect(findMarker(upsertMarker(body, "a", { v: 2 }), "a")).toEqual({ v: 2 });
    expect(upsertMarker(body, "a", { v: 2 }).endsWith("text")).toBe(true);
    expect(upsertMarker("plain", "b", {})).toBe(`${encodeMarker("b", {})}\nplain`);
  });

  it("rejects marker kinds that could break the comment", () => {
    expect(() => encodeMarker("a -->", {})).toThrow();
  });

  it("writes and reads owned sections without touching the rest", () => {
    const once = writeSection("human text", "audit", "line 1");
    expect(readSection(once, "audit")).toBe("line 1");
    const twice = writeSection(once, "audit", "line 2");
    expect(readSection(twice, "audit")).toBe("line 2");
    expect(twice.startsWith("human text")).toBe(true);
    expect(twice.match(/anvil:section:audit/g)).toHaveLength(1);
  });
});
