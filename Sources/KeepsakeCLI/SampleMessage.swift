/// The built-in message `send-test` sends when given no body: Persian and English side by side,
/// to check encoding and right-to-left layout in a real inbox.
struct SampleMessage {
    let subject: String
    let text: String
    let html: String

    static let persianAndEnglish = SampleMessage(
        subject: "Keepsake test – پیام آزمایشی کیپسیک 🎁",
        text: """
            سلام!
            این یک پیام آزمایشی از کیپسیک است. اگر این متن را درست و راست‌به‌چپ می‌بینید، تنظیمات ارسال درست است.
            تاریخ‌ها و اعداد: ۱۴۰۵/۰۹/۰۲ — ۲۰٪ تخفیف

            Hello!
            This is a test message from Keepsake. If you can read both languages correctly,
            the relay settings work.
            """,
        html: """
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8"><title>Keepsake test</title></head>
            <body style="font-family: Tahoma, Arial, sans-serif;">
              <div dir="rtl" lang="fa">
                <h1>سلام!</h1>
                <p>این یک پیام آزمایشی از کیپسیک است. اگر این متن را درست و راست‌به‌چپ می‌بینید، تنظیمات ارسال درست است.</p>
                <p>تاریخ‌ها و اعداد: ۱۴۰۵/۰۹/۰۲ — ۲۰٪ تخفیف</p>
              </div>
              <hr>
              <div dir="ltr" lang="en">
                <h1>Hello!</h1>
                <p>This is a test message from Keepsake. If you can read both languages correctly, the relay settings work.</p>
              </div>
            </body>
            </html>
            """
    )
}
