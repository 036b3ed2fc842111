#include "CFFmpegShims.h"

#include <math.h>
#include <stdatomic.h>
#include <string.h>
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/log.h>
#include <libavutil/pixdesc.h>

static _Atomic(CFFmpegShims_LogSink) router_sink = NULL;
static atomic_int router_level = AV_LOG_ERROR;

// Reads the owner tag from the two context kinds SoraReel registers; the class
// pointer is the first field of every AVClass-enabled struct.
static void *owner_tag(void *avcl) {
    if (avcl == NULL) return NULL;
    const AVClass *cls = *(const AVClass **)avcl;
    if (cls == avcodec_get_class()) return ((AVCodecContext *)avcl)->opaque;
    if (cls == avformat_get_class()) return ((AVFormatContext *)avcl)->opaque;
    return NULL;
}

static void route(void *avcl, int level, const char *fmt, va_list vl) {
    if (level > atomic_load(&router_level)) return;
    CFFmpegShims_LogSink sink = atomic_load(&router_sink);
    if (sink == NULL) return;
    char line[1024];
    int print_prefix = 1;
    av_log_format_line2(avcl, level, fmt, vl, line, sizeof(line), &print_prefix);
    sink(owner_tag(avcl), level, line);
}

void CFFmpegShims_installLogRouter(CFFmpegShims_LogSink sink, int maxLevel) {
    atomic_store(&router_level, maxLevel);
    atomic_store(&router_sink, sink);
    av_log_set_callback(route);
}

void CFFmpegShims_setRouterLevel(int maxLevel) {
    atomic_store(&router_level, maxLevel);
}

static inline int read_component(const AVFrame *frame, const AVComponentDescriptor *c, int big_endian, int x, int y) {
    const uint8_t *p = frame->data[c->plane] + (ptrdiff_t)y * frame->linesize[c->plane] + (ptrdiff_t)x * c->step + c->offset;
    if (c->depth <= 8 && c->step != 2) return p[0] >> c->shift;
    int raw = big_endian ? (p[0] << 8 | p[1]) : (p[1] << 8 | p[0]);
    raw = (raw >> c->shift) & ((1 << c->depth) - 1);
    return c->depth > 8 ? raw >> (c->depth - 8) : raw << (8 - c->depth);
}

int CFFmpegShims_sampleLuma(const AVFrame *frame, int columns, int rows, unsigned char *out) {
    const AVPixFmtDescriptor *d = av_pix_fmt_desc_get(frame->format);
    if (d == NULL || frame->width <= 0 || frame->height <= 0 || columns <= 0 || rows <= 0) return -1;
    if (d->flags & (AV_PIX_FMT_FLAG_BITSTREAM | AV_PIX_FMT_FLAG_HWACCEL | AV_PIX_FMT_FLAG_PAL)) return -1;
    int rgb = (d->flags & AV_PIX_FMT_FLAG_RGB) != 0;
    int be = (d->flags & AV_PIX_FMT_FLAG_BE) != 0;
    for (int i = 0; i < (rgb ? 3 : 1); i++) {
        if (frame->data[d->comp[i].plane] == NULL) return -1;
    }
    for (int row = 0; row < rows; row++) {
        int y = (int)(((int64_t)row * 2 + 1) * frame->height / (rows * 2));
        for (int column = 0; column < columns; column++) {
            int x = (int)(((int64_t)column * 2 + 1) * frame->width / (columns * 2));
            int value;
            if (rgb) {
                int r = read_component(frame, &d->comp[0], be, x, y);
                int g = read_component(frame, &d->comp[1], be, x, y);
                int b = read_component(frame, &d->comp[2], be, x, y);
                value = (r * 77 + g * 150 + b * 29) >> 8;
            } else {
                value = read_component(frame, &d->comp[0], be, x, y);
            }
            out[row * columns + column] = (unsigned char)(value > 255 ? 255 : value);
        }
    }
    return 0;
}

static unsigned int mix(unsigned int x) {
    x ^= x >> 16; x *= 0x7feb352dU; x ^= x >> 15; x *= 0x846ca68bU; x ^= x >> 16;
    return x;
}

static int bounce(long long t, int span) {
    if (span <= 0) return 0;
    long long period = 2LL * span;
    long long p = t % period;
    return (int)(p < span ? p : period - p);
}

void CFFmpegShims_drawTestPattern(AVFrame *frame, long long index, unsigned int seed) {
    const int w = frame->width, h = frame->height;
    const unsigned int a = mix(seed), b = mix(seed + 1), c = mix(seed + 2);
    const int y0 = 60 + (int)(a % 80), y1 = 90 + (int)(b % 110);
    const int u = 64 + (int)(a >> 8) % 128, v = 64 + (int)(b >> 8) % 128;
    const int band = w / 6 + 1, speed = 2 + (int)(c % 7);
    const int bandX = (int)((index * speed * w / 160) % (w + band)) - band;

    for (int y = 0; y < h; y++) {
        uint8_t *row = frame->data[0] + (ptrdiff_t)y * frame->linesize[0];
        memset(row, y0 + (y1 - y0) * y / (h > 1 ? h - 1 : 1), (size_t)w);
        int start = bandX + y * band / (h > 0 ? h : 1) / 2;
        int end = start + band / 2;
        if (start < 0) start = 0;
        if (end > w) end = w;
        if (end > start) memset(row + start, 220, (size_t)(end - start));
    }
    for (int y = 0; y < (h + 1) / 2; y++) {
        memset(frame->data[1] + (ptrdiff_t)y * frame->linesize[1], u, (size_t)((w + 1) / 2));
        memset(frame->data[2] + (ptrdiff_t)y * frame->linesize[2], v, (size_t)((w + 1) / 2));
    }

    const int box = (w < h ? w : h) / 5 + 2;
    const int bx = bounce(index * (3 + (int)(c >> 8) % 5) * w / 200, w - box);
    const int by = bounce(index * (2 + (int)(c >> 16) % 5) * h / 200, h - box);
    const int boxY = 30 + (int)(c % 50), boxU = 255 - u, boxV = 255 - v;
    for (int y = by; y < by + box && y < h; y++) {
        memset(frame->data[0] + (ptrdiff_t)y * frame->linesize[0] + bx, boxY, (size_t)box);
    }
    for (int y = by / 2; y < (by + box) / 2 && y < (h + 1) / 2; y++) {
        memset(frame->data[1] + (ptrdiff_t)y * frame->linesize[1] + bx / 2, boxU, (size_t)(box / 2));
        memset(frame->data[2] + (ptrdiff_t)y * frame->linesize[2] + bx / 2, boxV, (size_t)(box / 2));
    }
}

void CFFmpegShims_fillTone(AVFrame *frame, long long firstSample, double frequency, double amplitude) {
    const double step = 2.0 * M_PI * frequency / (frame->sample_rate > 0 ? frame->sample_rate : 48000);
    for (int ch = 0; ch < frame->ch_layout.nb_channels; ch++) {
        float *samples = (float *)frame->extended_data[ch];
        for (int i = 0; i < frame->nb_samples; i++) {
            samples[i] = (float)(amplitude * sin(step * (double)(firstSample + i)));
        }
    }
}

static void rotate_plane(const uint8_t *src, int src_stride, int w, int h, uint8_t *dst, int dst_stride, int turns,
                         int mirror) {
    int dw = turns % 2 ? h : w;
    for (int y = 0; y < h; y++) {
        const uint8_t *row = src + (ptrdiff_t)y * src_stride;
        for (int x = 0; x < w; x++) {
            int dx, dy;
            switch (turns) {
            case 0: dx = x; dy = y; break;
            case 1: dx = h - 1 - y; dy = x; break;
            case 2: dx = w - 1 - x; dy = h - 1 - y; break;
            default: dx = y; dy = w - 1 - x; break;
            }
            if (mirror) dx = dw - 1 - dx;
            dst[(ptrdiff_t)dy * dst_stride + dx] = row[x];
        }
    }
}

int CFFmpegShims_rotateYUV420P(const AVFrame *source, AVFrame *destination, int quarterTurns, int mirror) {
    int turns = ((quarterTurns % 4) + 4) % 4;
    if (source->format != AV_PIX_FMT_YUV420P || destination->format != AV_PIX_FMT_YUV420P) return -1;
    int w = source->width, h = source->height;
    int dw = turns % 2 ? h : w, dh = turns % 2 ? w : h;
    if (destination->width != dw || destination->height != dh) return -1;
    if (turns == 0 && !mirror) return av_frame_copy(destination, source) < 0 ? -1 : 0;
    rotate_plane(source->data[0], source->linesize[0], w, h, destination->data[0], destination->linesize[0], turns, mirror);
    for (int p = 1; p < 3; p++) {
        rotate_plane(source->data[p], source->linesize[p], (w + 1) / 2, (h + 1) / 2,
                     destination->data[p], destination->linesize[p], turns, mirror);
    }
    return 0;
}

int CFFmpegShims_blendYUV420P(const AVFrame *a, const AVFrame *b, AVFrame *destination, double weight) {
    if (a->width != b->width || a->height != b->height || a->width != destination->width ||
        a->height != destination->height) return -1;
    int wb = (int)(weight * 256.0 + 0.5);
    if (wb < 0) wb = 0;
    if (wb > 256) wb = 256;
    int wa = 256 - wb;
    for (int p = 0; p < 3; p++) {
        int w = p ? (a->width + 1) / 2 : a->width, h = p ? (a->height + 1) / 2 : a->height;
        for (int y = 0; y < h; y++) {
            const uint8_t *ra = a->data[p] + (ptrdiff_t)y * a->linesize[p];
            const uint8_t *rb = b->data[p] + (ptrdiff_t)y * b->linesize[p];
            uint8_t *rd = destination->data[p] + (ptrdiff_t)y * destination->linesize[p];
            for (int x = 0; x < w; x++) rd[x] = (uint8_t)((ra[x] * wa + rb[x] * wb + 128) >> 8);
        }
    }
    return 0;
}
