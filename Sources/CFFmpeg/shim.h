#ifndef CFFMPEG_SHIM_H
#define CFFMPEG_SHIM_H

#include <libavformat/avformat.h>
#include <libavcodec/avcodec.h>
#include <libavfilter/avfilter.h>
#include <libavfilter/buffersink.h>
#include <libavfilter/buffersrc.h>
#include <libavutil/audio_fifo.h>
#include <libavutil/avutil.h>
#include <libavutil/channel_layout.h>
#include <libavutil/dict.h>
#include <libavutil/display.h>
#include <libavutil/error.h>
#include <libavutil/imgutils.h>
#include <libavutil/opt.h>
#include <libavutil/pixdesc.h>
#include <libswresample/swresample.h>
#include <libswscale/swscale.h>

// AVERROR() is a function-like macro, which Swift does not import.
static inline int cffmpeg_AVERROR(int errnum) { return AVERROR(errnum); }

// FFERRTAG-based codes are macros with casts and shifts, which Swift does not import.
static const int cffmpeg_AVERROR_EOF = AVERROR_EOF;
static const int cffmpeg_AVERROR_INVALIDDATA = AVERROR_INVALIDDATA;
static const int cffmpeg_AVERROR_EXIT = AVERROR_EXIT;
static const int cffmpeg_AVERROR_DECODER_NOT_FOUND = AVERROR_DECODER_NOT_FOUND;
static const int cffmpeg_AVERROR_DEMUXER_NOT_FOUND = AVERROR_DEMUXER_NOT_FOUND;
static const int cffmpeg_AVERROR_ENCODER_NOT_FOUND = AVERROR_ENCODER_NOT_FOUND;
static const int cffmpeg_AVERROR_STREAM_NOT_FOUND = AVERROR_STREAM_NOT_FOUND;
static const int cffmpeg_AVERROR_FILTER_NOT_FOUND = AVERROR_FILTER_NOT_FOUND;
static const int cffmpeg_AVERROR_PATCHWELCOME = AVERROR_PATCHWELCOME;
static const int cffmpeg_AVERROR_BUG = AVERROR_BUG;

// AV_NOPTS_VALUE is a cast expression, which Swift does not import.
static const int64_t cffmpeg_AV_NOPTS_VALUE = AV_NOPTS_VALUE;

// AV_TIME_BASE_Q is a compound literal, which Swift does not import.
static inline AVRational cffmpeg_AV_TIME_BASE_Q(void) { return AV_TIME_BASE_Q; }

#endif
