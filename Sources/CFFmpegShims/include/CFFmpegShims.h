#ifndef CFFMPEG_SHIMS_H
#define CFFMPEG_SHIMS_H

/// Receives each formatted FFmpeg log line routed by `CFFmpegShims_installLogRouter`.
///
/// `tag` is the `opaque` field of the `AVCodecContext` or `AVFormatContext` that logged
/// (NULL for any other source); frame-threaded decoders copy `opaque` into their
/// per-thread contexts, so the tag identifies the owner even from worker threads.
typedef void (*CFFmpegShims_LogSink)(void *tag, int level, const char *line);

/// Installs a log callback that formats every message at or above `maxLevel`
/// (FFmpeg levels: lower is more severe) and hands it to `sink`.
///
/// Why this is C: `av_log_set_callback` passes a `va_list`, which Swift cannot receive.
void CFFmpegShims_installLogRouter(CFFmpegShims_LogSink sink, int maxLevel);

/// Changes the level filter of the installed router.
void CFFmpegShims_setRouterLevel(int maxLevel);

struct AVFrame;

/// Samples the luma of `frame` at `columns` x `rows` points (the centres of a grid), scaled
/// to 8 bits, into `out`. RGB formats are converted with BT.601 weights.
///
/// Why this is C: it runs on every decoded frame of a full validation, and unoptimised
/// Swift (debug builds, tests) is many times slower than unoptimised C at pixel loops.
/// - Returns: 0, or -1 for formats without a directly readable luma or RGB (bitstream,
///   palette, hardware).
int CFFmpegShims_sampleLuma(const struct AVFrame *frame, int columns, int rows, unsigned char *out);

/// Draws frame `index` of a moving test pattern into a yuv420p `frame`: a seed-coloured
/// vertical gradient, a diagonal band sweeping across, and a box bouncing off the edges.
/// Deterministic for a (seed, index, size).
///
/// Why this is C: it fills every pixel of every synthesized frame (1080x1920 at 30 fps).
void CFFmpegShims_drawTestPattern(struct AVFrame *frame, long long index, unsigned int seed);

/// Writes a sine tone into a planar-float audio `frame` (`AV_SAMPLE_FMT_FLTP`), continuing
/// from sample `firstSample` so consecutive frames join without a click.
void CFFmpegShims_fillTone(struct AVFrame *frame, long long firstSample, double frequency, double amplitude);

/// Rotates a yuv420p `source` by `quarterTurns` x 90 degrees clockwise into `destination`,
/// then, when `mirror` is non-zero, flips it left to right (a display matrix that reflects).
/// `destination` must already have the rotated size (width and height swapped for odd turns).
///
/// Why this is C: a per-pixel loop in unoptimised Swift is too slow for every frame of a
/// reel, and one pass here costs less than a transpose filter graph per clip.
/// - Returns: 0, or -1 when the formats or sizes do not fit.
int CFFmpegShims_rotateYUV420P(const struct AVFrame *source, struct AVFrame *destination, int quarterTurns, int mirror);

/// Blends two yuv420p frames of one size into `destination`: `a * (1 - weight) + b * weight`.
/// `destination` may be `a`.
int CFFmpegShims_blendYUV420P(const struct AVFrame *a, const struct AVFrame *b, struct AVFrame *destination, double weight);

/// Averages the luma of `frame` over each cell of a `columns` x `rows` grid, reading every
/// `step`-th pixel of every `step`-th row inside a cell, scaled to 8 bits, into `out`.
/// Averaging keeps sensor-like noise out of motion and cut measures that point samples
/// (``CFFmpegShims_sampleLuma``) would see.
///
/// Why this is C: it reads about a sixteenth of every decoded picture of a validation.
/// - Returns: 0, or -1 for formats without a directly readable luma or RGB.
int CFFmpegShims_blockLuma(const struct AVFrame *frame, int columns, int rows, int step, unsigned char *out);

/// Measures a decoded audio frame of any interleaved or planar integer or float format:
/// the largest absolute sample (1.0 is full scale) and how many samples are at or beyond
/// `clipLevel`, over all channels.
///
/// Why this is C: it reads every decoded sample of a validation.
/// - Returns: 0, or -1 for a sample format it does not know.
int CFFmpegShims_audioLevels(const struct AVFrame *frame, double clipLevel, double *peak, long long *clipped);

/// The mean absolute difference of two byte arrays of `count` elements (coarse luma grids).
///
/// Why this is C: it runs several times on every decoded picture of a validation, and the
/// test suite runs unoptimised builds, where Swift's loop is many times slower.
double CFFmpegShims_meanAbsoluteDifference(const unsigned char *a, const unsigned char *b, int count);

/// One picture of the flash detector: for each of `count` cells, `table[grid[i]]` is the
/// cell's relative luminance; `low`, `high` and `direction` are its state (extremes since its
/// last transition, and that transition's direction: 1 up, -1 down, 0 none). A cell makes an
/// upward transition when it rises by `change` or more above `low` while `low` is below
/// `dark`, a downward one when it falls by `change` or more below `high` to below `dark`.
/// Counts the cells that made each kind into `up` and `down`.
///
/// Why this is C: as ``CFFmpegShims_meanAbsoluteDifference``.
void CFFmpegShims_flashStep(const unsigned char *grid, const float *table, float *low, float *high,
                            signed char *direction, int count, float change, float dark, int *up, int *down);

struct AVCodecContext;
struct AVPacket;

/// Gives a subtitle encoder (mov_text) the ASS header of FFmpeg's text decoders on a script of
/// `width` x `height`: one "Default" style, white `fontSize`-point Arial. Replaces any header
/// it had; the context frees it.
///
/// Why this is C: the header is libavcodec-internal (`ff_ass_subtitle_header_default`), and
/// `subtitle_header` must be an `av_malloc`'d buffer the context owns.
/// - Returns: 0, or a negative AVERROR.
int CFFmpegShims_setDefaultASSHeader(struct AVCodecContext *context, int width, int height, int fontSize);

/// Encodes `text` (UTF-8, ASS dialogue text: `\N` breaks a line) shown for `durationMS`
/// milliseconds into `packet`, whose payload it allocates (the caller unreferences it).
///
/// Why this is C: `avcodec_encode_subtitle` takes an `AVSubtitle` whose rectangles are an
/// array of pointers to structs with a union-like layout; building one on the C stack needs
/// no allocation to pair with a free.
/// - Returns: 0, or a negative AVERROR.
int CFFmpegShims_encodeASSText(struct AVCodecContext *context, const char *text, long long durationMS, struct AVPacket *packet);

struct AVFilterGraph;
struct AVFilterContext;
struct AVFilterInOut;

/// Opens libavfilter (the soname of the headers' major version) and finds the functions below,
/// once per process; every later call returns the first answer.
///
/// Why this is C: libavfilter is opened on first use instead of linked. With its dependencies
/// it is about 30 shared libraries, 11 MiB of resident memory and 15 ms at every start of every
/// command, and only loudness, sound mixing and animated previews build a filter graph.
/// - Returns: NULL once the library is ready, or one line saying why it is not.
const char *CFFmpegShims_loadFilters(void);

// libavfilter's functions, called through the library opened by CFFmpegShims_loadFilters (which
// must have returned NULL). Arguments SoraReel never sets (options dictionaries, log contexts,
// pad indexes other than 0) are left out; a filter is named instead of looked up first, and an
// unknown name returns AVERROR_FILTER_NOT_FOUND.
struct AVFilterGraph *CFFmpegShims_avfilter_graph_alloc(void);
void CFFmpegShims_avfilter_graph_free(struct AVFilterGraph **graph);
int CFFmpegShims_avfilter_graph_config(struct AVFilterGraph *graph);
int CFFmpegShims_avfilter_graph_parse_ptr(struct AVFilterGraph *graph, const char *description, struct AVFilterInOut **inputs,
                                          struct AVFilterInOut **outputs);
int CFFmpegShims_avfilter_graph_create_filter(struct AVFilterContext **context, const char *filter, const char *name,
                                              const char *options, struct AVFilterGraph *graph);
int CFFmpegShims_avfilter_link(struct AVFilterContext *source, struct AVFilterContext *destination);
struct AVFilterInOut *CFFmpegShims_avfilter_inout_alloc(void);
void CFFmpegShims_avfilter_inout_free(struct AVFilterInOut **inout);
int CFFmpegShims_av_buffersrc_add_frame_flags(struct AVFilterContext *source, struct AVFrame *frame, int flags);
int CFFmpegShims_av_buffersink_get_frame(struct AVFilterContext *sink, struct AVFrame *frame);

#endif
