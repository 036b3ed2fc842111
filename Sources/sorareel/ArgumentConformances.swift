public import ArgumentParser
public import MediaKit
public import SoraAPI
public import SoraClient

// Library types read straight from the command line; each parses from its own text form.
extension VideoSize: ExpressibleByArgument {}
extension ReelMode: ExpressibleByArgument {}
extension VideoAPI: ExpressibleByArgument {}
extension ContentKind: ExpressibleByArgument {}
extension ImageFormat: ExpressibleByArgument {}
extension AnimationFormat: ExpressibleByArgument {}
extension ImageFit: ExpressibleByArgument {}
