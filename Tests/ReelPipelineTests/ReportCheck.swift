import Foundation
import Testing

/// Reads `report.html` and checks that every file it links or embeds exists in the folder.
enum ReportCheck {
    static func expectLinkedFilesExist(_ folder: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let html = try String(contentsOfFile: folder + "/report.html", encoding: .utf8)
        let pattern = try NSRegularExpression(pattern: #"(?:src|href)="([^"]+)""#)
        let matches = pattern.matches(in: html, range: NSRange(html.startIndex..., in: html))
        let links = matches.compactMap { Range($0.range(at: 1), in: html).map { String(html[$0]) } }
        #expect(!links.isEmpty, sourceLocation: sourceLocation)
        for link in links {
            #expect(!link.hasPrefix("/") && !link.contains("://"), "\(link) is not relative", sourceLocation: sourceLocation)
            #expect(FileManager.default.fileExists(atPath: folder + "/" + link), "\(link) is missing", sourceLocation: sourceLocation)
        }
        #expect(html.contains("<video"), sourceLocation: sourceLocation)
    }
}
