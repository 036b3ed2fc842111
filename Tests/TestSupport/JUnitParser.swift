import Foundation

/// Reads a JUnit XML file with Python's `junitparser` (from PyPI, installed into a venv at
/// `.build-qa-venv` on first use), as CI test reporters read it, and returns what it saw:
/// `[{"name", "tests", "failures", "errors", "skipped", "cases": [{"name", "result", "message", "text"}]}]`.
/// `nil`, with the reason, when Python or pip is not available.
public enum JUnitParser {
    static let venv = Fixtures.root.appendingPathComponent(".build-qa-venv")

    static let script = """
        import json, sys
        from junitparser import JUnitXml, Failure, Error, Skipped
        xml = JUnitXml.fromfile(sys.argv[1])
        suites = []
        for suite in xml:
            cases = []
            for case in suite:
                result, message, text = "pass", None, None
                for item in case.result:
                    result = {Failure: "failure", Error: "error", Skipped: "skipped"}.get(type(item), "other")
                    message, text = item.message, item.text
                cases.append({"name": case.name, "classname": case.classname, "result": result, "message": message, "text": text})
            suites.append({"name": suite.name, "tests": suite.tests, "failures": suite.failures,
                           "errors": suite.errors, "skipped": suite.skipped, "cases": cases})
        print(json.dumps(suites))
        """

    public static func read(_ path: String) async throws -> (suites: [[String: Any]]?, skipReason: String?) {
        let python = Self.venv.appendingPathComponent("bin/python").path
        if !FileManager.default.fileExists(atPath: python) {
            let env = URL(fileURLWithPath: "/usr/bin/env")
            let made = try await ProcessRunner.run(env, ["python3", "-m", "venv", Self.venv.path])
            guard made.status == 0 else { return (nil, "python3 -m venv failed: \(made.stderr)") }
        }
        let check = try await ProcessRunner.run(URL(fileURLWithPath: python), ["-c", "import junitparser"])
        if check.status != 0 {
            let pip = try await ProcessRunner.run(URL(fileURLWithPath: python), ["-m", "pip", "install", "-q", "--disable-pip-version-check", "junitparser"])
            guard pip.status == 0 else { return (nil, "pip install junitparser failed: \(pip.stderr)") }
        }
        let result = try await ProcessRunner.run(URL(fileURLWithPath: python), ["-c", Self.script, path])
        guard result.status == 0 else {
            throw JUnitReadFailure(message: "junitparser could not read \(path): \(result.stderr)")
        }
        let suites = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]]
        return (suites, nil)
    }
}

/// `junitparser` rejected a file.
public struct JUnitReadFailure: Error, CustomStringConvertible {
    public var message: String
    public var description: String { self.message }
}
