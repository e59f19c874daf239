/// The calendars Keepsake reads customers' dates in and schedules yearly campaigns by.
///
/// The raw values are the spellings used in CSV files and campaign files.
public enum CalendarSystem: String, CaseIterable, Hashable, Sendable, Codable {
    /// The proleptic Gregorian calendar.
    case gregorian
    /// The Solar Hijri calendar used in Iran and Afghanistan (Nowruz is 01-01).
    case persian
    /// The Islamic calendar by the Umm al-Qura tables (Eid al-Fitr is 10-01).
    case islamicUmmAlQura = "islamic-umalqura"
}
