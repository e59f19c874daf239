// The Campaigns module: the files marketers edit, read strictly and checked as a whole.
//
// Files/     calendar.yaml (CommunicationCalendar), <id>.yaml (Campaign), and CampaignSet.load(directory:)
// Triggers/  the four trigger forms and their reader
// Segments/  the where: condition language: lexer, parser, type checks, evaluation, positions in the file
// Problems/  CampaignProblem (FILE:LINE:COLUMN: message) and how readers collect every problem
