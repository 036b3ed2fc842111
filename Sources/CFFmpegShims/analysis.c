#include "CFFmpegShims.h"

#include <math.h>
#include <libavutil/frame.h>
#include <libavutil/pixdesc.h>
#include <libavutil/samplefmt.h>

static inline int component(const AVFrame *frame, const AVComponentDescriptor *c, int be, int x, int y) {
    const uint8_t *p = frame->data[c->plane] + (ptrdiff_t)y * frame->linesize[c->plane] + (ptrdiff_t)x * c->step + c->offset;
    if (c->depth <= 8 && c->step != 2) return p[0] >> c->shift;
    int raw = be ? (p[0] << 8 | p[1]) : (p[1] << 8 | p[0]);
    raw = (raw >> c->shift) & ((1 << c->depth) - 1);
    return c->depth > 8 ? raw >> (c->depth - 8) : raw << (8 - c->depth);
}

int CFFmpegShims_blockLuma(const AVFrame *frame, int columns, int rows, int step, unsigned char *out) {
    const AVPixFmtDescriptor *d = av_pix_fmt_desc_get(frame->format);
    if (d == NULL || frame->width <= 0 || frame->height <= 0 || columns <= 0 || rows <= 0 || step <= 0) return -1;
    if (d->flags & (AV_PIX_FMT_FLAG_BITSTREAM | AV_PIX_FMT_FLAG_HWACCEL | AV_PIX_FMT_FLAG_PAL)) return -1;
    const int rgb = (d->flags & AV_PIX_FMT_FLAG_RGB) != 0;
    const int be = (d->flags & AV_PIX_FMT_FLAG_BE) != 0;
    for (int i = 0; i < (rgb ? 3 : 1); i++) {
        if (frame->data[d->comp[i].plane] == NULL) return -1;
    }
    // Plain 8-bit planar luma (yuv420p and kin), the common case, reads bytes directly.
    const int plain = !rgb && d->comp[0].depth == 8 && d->comp[0].step == 1 && d->comp[0].shift == 0;
    for (int row = 0; row < rows; row++) {
        const int y0 = (int)((int64_t)row * frame->height / rows);
        const int y1 = (int)((int64_t)(row + 1) * frame->height / rows);
        for (int column = 0; column < columns; column++) {
            const int x0 = (int)((int64_t)column * frame->width / columns);
            const int x1 = (int)((int64_t)(column + 1) * frame->width / columns);
            unsigned long sum = 0, count = 0;
            for (int y = y0 + step / 2; y < y1; y += step) {
                if (plain) {
                    const uint8_t *line = frame->data[0] + (ptrdiff_t)y * frame->linesize[0] + d->comp[0].offset;
                    for (int x = x0 + step / 2; x < x1; x += step) {
                        sum += line[x];
                        count++;
                    }
                    continue;
                }
                for (int x = x0 + step / 2; x < x1; x += step) {
                    int value;
                    if (rgb) {
                        int r = component(frame, &d->comp[0], be, x, y);
                        int g = component(frame, &d->comp[1], be, x, y);
                        int b = component(frame, &d->comp[2], be, x, y);
                        value = (r * 77 + g * 150 + b * 29) >> 8;
                    } else {
                        value = component(frame, &d->comp[0], be, x, y);
                    }
                    sum += (unsigned long)(value > 255 ? 255 : value);
                    count++;
                }
            }
            out[row * columns + column] = count ? (unsigned char)((sum + count / 2) / count) : 0;
        }
    }
    return 0;
}

static inline double sample_value(const uint8_t *p, enum AVSampleFormat format) {
    switch (format) {
    case AV_SAMPLE_FMT_U8: return ((int)*p - 128) / 128.0;
    case AV_SAMPLE_FMT_S16: return *(const int16_t *)p / 32768.0;
    case AV_SAMPLE_FMT_S32: return *(const int32_t *)p / 2147483648.0;
    case AV_SAMPLE_FMT_S64: return (double)*(const int64_t *)p / 9223372036854775808.0;
    case AV_SAMPLE_FMT_FLT: return *(const float *)p;
    case AV_SAMPLE_FMT_DBL: return *(const double *)p;
    default: return 0;
    }
}

int CFFmpegShims_audioLevels(const AVFrame *frame, double clipLevel, double *peak, long long *clipped) {
    const enum AVSampleFormat format = av_get_packed_sample_fmt(frame->format);
    const int bytes = av_get_bytes_per_sample(format);
    const int channels = frame->ch_layout.nb_channels;
    *peak = 0;
    *clipped = 0;
    if (bytes <= 0 || channels <= 0 || frame->nb_samples < 0) return -1;
    const int planar = av_sample_fmt_is_planar(frame->format);
    const int planes = planar ? channels : 1;
    const int perPlane = planar ? frame->nb_samples : frame->nb_samples * channels;
    double top = 0;
    long long over = 0;
    for (int plane = 0; plane < planes; plane++) {
        const uint8_t *data = frame->extended_data[plane];
        if (data == NULL) return -1;
        if (format == AV_SAMPLE_FMT_FLT) {
            // What AAC, Opus and MP3 decode to: read floats directly.
            const float *samples = (const float *)data;
            float high = (float)top;
            for (int i = 0; i < perPlane; i++) {
                const float value = fabsf(samples[i]);
                if (value > high) high = value;
                if (value >= clipLevel) over++;
            }
            top = high;
            continue;
        }
        for (int i = 0; i < perPlane; i++) {
            double value = fabs(sample_value(data + (ptrdiff_t)i * bytes, format));
            if (isnan(value)) continue;
            if (value > top) top = value;
            if (value >= clipLevel) over++;
        }
    }
    *peak = top;
    *clipped = over;
    return 0;
}

double CFFmpegShims_meanAbsoluteDifference(const unsigned char *a, const unsigned char *b, int count) {
    if (count <= 0) return 0;
    long total = 0;
    for (int i = 0; i < count; i++) total += a[i] > b[i] ? a[i] - b[i] : b[i] - a[i];
    return (double)total / count;
}

void CFFmpegShims_flashStep(const unsigned char *grid, const float *table, float *low, float *high,
                            signed char *direction, int count, float change, float dark, int *up, int *down) {
    int rising = 0, falling = 0;
    for (int i = 0; i < count; i++) {
        const float value = table[grid[i]];
        if (value < low[i]) low[i] = value;
        if (value > high[i]) high[i] = value;
        if (direction[i] <= 0 && value - low[i] >= change && low[i] < dark) {
            rising++;
            low[i] = high[i] = value;
            direction[i] = 1;
        } else if (direction[i] >= 0 && high[i] - value >= change && value < dark) {
            falling++;
            low[i] = high[i] = value;
            direction[i] = -1;
        }
    }
    *up = rising;
    *down = falling;
}
