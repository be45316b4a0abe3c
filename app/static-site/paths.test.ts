import { describe, expect, it } from "vitest";
import { fileOfPage, relativeLink } from "./paths";

describe("the static site's file names and links", () => {
  const file = (path: string, query = "") => fileOfPage(path, new URLSearchParams(query));

  it("gives each public address one .html file, the query in its name, the first page of a list as the list", () => {
    expect(file("")).toBe("index.html");
    expect(file("/thu-tuc")).toBe("thu-tuc.html");
    expect(file("/thu-tuc", "trang=1")).toBe("thu-tuc.html");
    expect(file("/thu-tuc", "linh-vuc=G15-TP07&trang=2")).toBe("thu-tuc-linh-vuc-G15-TP07-trang-2.html");
    expect(file("/thu-tuc/1.001193")).toBe("thu-tuc/1.001193.html");
    expect(file("/thay-doi", "ban=3")).toBe("thay-doi-ban-3.html");
  });

  it("refuses what cannot be a file name of the site (traversal, odd characters, a query on the home page)", () => {
    expect(file("/thu-tuc/..")).toBeNull();
    expect(file("/thu-tuc/a b")).toBeNull();
    expect(file("/thu-tuc", "q=khai sinh")).toBeNull();
    expect(file("", "q=x")).toBeNull();
  });

  it("links files relative to each other", () => {
    expect(relativeLink("index.html", "thu-tuc/1.001193.html")).toBe("thu-tuc/1.001193.html");
    expect(relativeLink("thu-tuc/1.001193.html", "index.html")).toBe("../index.html");
    expect(relativeLink("thu-tuc/1.001193.html", "thu-tuc/2.000635.html")).toBe("2.000635.html");
    expect(relativeLink("quy-trinh/QT-01.html", "assets/site.css")).toBe("../assets/site.css");
  });
});
