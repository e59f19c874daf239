import Calendars
import Testing
@testable import Campaigns

/// Age in the birthday's own calendar, completed on the day the birthday is observed.
@Suite("Customer age")
struct CustomerAgeTests {
    func age(_ birthday: String, _ calendar: CalendarSystem, on date: String) throws -> Int? {
        CustomerAge.years(birthday: try CalendarDate(parsing: birthday, in: calendar), on: try LocalDate(parsing: date))
    }

    @Test func gregorian() throws {
        #expect(try age("1994-03-14", .gregorian, on: "2026-03-13") == 31)
        #expect(try age("1994-03-14", .gregorian, on: "2026-03-14") == 32)
        #expect(try age("1994-03-14", .gregorian, on: "1994-03-14") == 0)
        #expect(try age("1994-03-14", .gregorian, on: "1994-03-13") == nil)
        #expect(try age("--03-14", .gregorian, on: "2026-03-14") == nil)
    }

    @Test func leapDayBirthdayCompletesOnTheObservedDay() throws {
        #expect(try age("2000-02-29", .gregorian, on: "2027-02-27") == 26)
        #expect(try age("2000-02-29", .gregorian, on: "2027-02-28") == 27)
        #expect(try age("2000-02-29", .gregorian, on: "2028-02-28") == 27)
        #expect(try age("2000-02-29", .gregorian, on: "2028-02-29") == 28)
    }

    @Test func persianBirthdayCountsPersianYears() throws {
        // 1381-02-24 is 2002-05-14; 1405-02-24 is 2026-05-14 (jdatetime agrees).
        #expect(try age("1381-02-24", .persian, on: "2026-05-13") == 23)
        #expect(try age("1381-02-24", .persian, on: "2026-05-14") == 24)
    }

    @Test func islamicYearsAreShorter() throws {
        // By hijridate: 1410-09-01 AH is 1990-03-27 and 1444-09-01 AH is 2023-03-23, so 34 Islamic
        // years are complete on 2023-03-23 while 33 Gregorian years are not yet.
        #expect(try age("1410-09-01", .islamicUmmAlQura, on: "2023-03-22") == 33)
        #expect(try age("1410-09-01", .islamicUmmAlQura, on: "2023-03-23") == 34)
    }
}
