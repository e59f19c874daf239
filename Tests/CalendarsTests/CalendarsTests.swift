import Testing
@testable import Calendars
