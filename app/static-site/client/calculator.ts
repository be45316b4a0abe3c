import { calculate, describeResult, type CalculatorData } from "~/domain/calculators";
import { todayInVietnam } from "~/domain/format";
import { CALENDAR_GLOBAL, type ProcedureCalculatorData } from "./calculator-data";

/**
 * The procedure page's calculators in the static site (in the browser): the same form as the server's page, its
 * answer computed here with the server's own rules (app/domain/calculators.ts) from the procedure's data the
 * exporter put in the page (#du-lieu-tinh-toan). The server's page remains the reference.
 */
function run() {
  const source = document.getElementById("du-lieu-tinh-toan");
  const form = document.querySelector<HTMLFormElement>(".calculator__form");
  const section = document.getElementById("tinh-thoi-han");
  if (!source?.textContent || !form || !section) return;
  const calendars = (window as unknown as Record<string, CalculatorData["calendars"] | undefined>)[CALENDAR_GLOBAL] ?? [];
  const data: CalculatorData = { ...(JSON.parse(source.textContent) as ProcedureCalculatorData), calendars };
  const date = form.elements.namedItem("ngay") as HTMLInputElement | null;
  // The page was exported on some day; the filing date a citizen means is today.
  if (date) date.value = todayInVietnam();
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const value = (name: string) => (form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement | null)?.value ?? "";
    const filed = value("ngay");
    if (!/^\d{4}-\d{2}-\d{2}$/.test(filed)) return;
    const time = /^([01]\d|2[0-3]):[0-5]\d$/.test(value("gio")) ? value("gio") : "08:00";
    const count = (name: string) => Math.max(1, Math.floor(Number(value(name)) || 1));
    const channel = form.elements.namedItem("cach-thuc") as HTMLSelectElement | null;
    const result = calculate(data, { date: filed, time, channelType: channel?.value, pages: count("so-trang"), copies: count("so-ban") });
    const label = channel?.selectedOptions[0]?.textContent ?? result.channel;
    const said = describeResult(result, label);

    const box = document.createElement("div");
    box.className = "calculator__result";
    box.setAttribute("role", "status");
    const lead = document.createElement("p");
    const strong = document.createElement("strong");
    strong.textContent = said.due;
    lead.append(said.filed, strong, ".");
    box.append(lead);
    const list = (lines: { text: string; note?: string | null }[]) => {
      const ul = document.createElement("ul");
      ul.className = "plain-list";
      for (const line of lines) {
        const li = document.createElement("li");
        li.append(line.text);
        if (line.note) {
          const note = document.createElement("span");
          note.className = "fee-note";
          note.textContent = line.note;
          li.append(note);
        }
        ul.append(li);
      }
      return ul;
    };
    if (said.notes.length > 0) box.append(list(said.notes.map((text) => ({ text }))));
    if (said.noFees) {
      const p = document.createElement("p");
      p.textContent = said.noFees;
      box.append(p);
    } else box.append(list(said.fees));
    const disclaimer = document.createElement("p");
    disclaimer.className = "note";
    disclaimer.textContent = said.disclaimer;
    box.append(disclaimer);
    section.querySelector(".calculator__result")?.remove();
    section.append(box);
  });
}

run();
