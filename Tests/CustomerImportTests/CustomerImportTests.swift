import Testing
@testable import CustomerImport
