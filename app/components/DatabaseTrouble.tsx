import { createContext, useContext } from "react";

/** Which database trouble the page is rendered for (set by entry.server.tsx; none on the client). */
const TroubleContext = createContext<"full" | "unavailable" | null>(null);
export const DatabaseTroubleProvider = TroubleContext.Provider;
export const useDatabaseTrouble = () => useContext(TroubleContext);

/** What a visitor or an officer reads when the database cannot do what the request needed. */
export function DatabaseTroublePage({ trouble }: { trouble: "full" | "unavailable" }) {
  if (trouble === "full") {
    return (
      <main id="noi-dung" className="page">
        <h1>Cơ sở dữ liệu đã đầy</h1>
        <p>Không còn chỗ để ghi: thay đổi vừa gửi chưa được lưu, và không có dữ liệu nào bị ghi dở. Những gì đã lưu trước đó vẫn còn nguyên.</p>
        <p>Hãy báo người quản trị hệ thống giải phóng dung lượng đĩa (hoặc nâng giới hạn DATABASE_MAX_MB), rồi gửi lại.</p>
      </main>
    );
  }
  return (
    <main id="noi-dung" className="page">
      <h1>Hệ thống tạm thời gián đoạn</h1>
      <p>Không kết nối được cơ sở dữ liệu. Vui lòng thử lại sau ít phút; nếu vừa gửi một thay đổi, thay đổi đó chưa được lưu.</p>
    </main>
  );
}
