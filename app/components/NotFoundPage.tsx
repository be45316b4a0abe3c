import { Link } from "@remix-run/react";

export function NotFoundPage({ message }: { message?: string }) {
  return (
    <main id="noi-dung" className="page">
      <h1>Không tìm thấy trang</h1>
      <p>{message ?? "Trang bạn tìm không tồn tại hoặc đã được chuyển đi."}</p>
      <p>
        <Link to="/">Về danh mục thủ tục hành chính</Link>
      </p>
    </main>
  );
}
