package pdf

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"image/color"
	"image/jpeg"
	"image/png"
	"sync"

	"github.com/habil-app/habil/internal/report"
)

// pdfImage is an image ready to embed: JPEG as is (DCTDecode), PNG decoded
// to 8-bit samples, compressed, with its transparency as a soft mask.
type pdfImage struct {
	w, h   int
	cs     string // DeviceRGB, DeviceGray, DeviceCMYK
	filter string // DCTDecode or FlateDecode
	data   []byte
	smask  []byte // compressed 8-bit alpha, nil when opaque
	decode string // /Decode array (Adobe CMYK JPEG are inverted)
}

// maxPixels bounds a PNG decoded in memory (a 300 dpi A4 page is 8.7 MP).
const maxPixels = 25_000_000

// Images are decoded once per process (a logo printed on every
// certificate), by content.
var imageCache sync.Map // sha256 → *pdfImage or error

// loadImage decodes img (PNG or JPEG).
func loadImage(img *report.Image) (*pdfImage, error) {
	key := sha256.Sum256(img.Data)
	if v, ok := imageCache.Load(key); ok {
		if err, isErr := v.(error); isErr {
			return nil, err
		}
		return v.(*pdfImage), nil
	}
	p, err := decodeImage(img.Data)
	if err != nil {
		name := img.Name
		if name == "" {
			name = "the image"
		}
		err = fmt.Errorf("%s: %v (a PNG or JPEG image is expected)", name, err)
		imageCache.Store(key, err)
		return nil, err
	}
	imageCache.Store(key, p)
	return p, nil
}

func decodeImage(b []byte) (*pdfImage, error) {
	switch {
	case bytes.HasPrefix(b, []byte("\xff\xd8")):
		cfg, err := jpeg.DecodeConfig(bytes.NewReader(b))
		if err != nil {
			return nil, err
		}
		p := &pdfImage{w: cfg.Width, h: cfg.Height, filter: "DCTDecode", data: b, cs: "DeviceRGB"}
		switch cfg.ColorModel {
		case color.GrayModel:
			p.cs = "DeviceGray"
		case color.CMYKModel:
			p.cs, p.decode = "DeviceCMYK", "[1 0 1 0 1 0 1 0]"
		}
		return p, nil
	case bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")):
		cfg, err := png.DecodeConfig(bytes.NewReader(b))
		if err != nil {
			return nil, err
		}
		if cfg.Width*cfg.Height > maxPixels {
			return nil, fmt.Errorf("%d × %d pixels is too large to print (at most %d megapixels)", cfg.Width, cfg.Height, maxPixels/1_000_000)
		}
		m, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			return nil, err
		}
		r := m.Bounds()
		p := &pdfImage{w: r.Dx(), h: r.Dy(), filter: "FlateDecode"}
		gray := false
		switch m.ColorModel() {
		case color.GrayModel, color.Gray16Model:
			gray = true
		}
		n := 3
		p.cs = "DeviceRGB"
		if gray {
			n, p.cs = 1, "DeviceGray"
		}
		px := make([]byte, 0, p.w*p.h*n)
		alpha := make([]byte, 0, p.w*p.h)
		opaque := true
		for y := r.Min.Y; y < r.Max.Y; y++ {
			for x := r.Min.X; x < r.Max.X; x++ {
				c := color.NRGBAModel.Convert(m.At(x, y)).(color.NRGBA)
				if gray {
					px = append(px, c.R)
				} else {
					px = append(px, c.R, c.G, c.B)
				}
				alpha = append(alpha, c.A)
				if c.A != 255 {
					opaque = false
				}
			}
		}
		p.data = deflate(px)
		if !opaque {
			p.smask = deflate(alpha)
		}
		return p, nil
	}
	return nil, fmt.Errorf("not a PNG or JPEG file")
}

// put writes the image (and its mask) and returns its object number.
func (img *pdfImage) put(o *objWriter) int {
	n := o.alloc()
	mask := 0
	if img.smask != nil {
		mask = o.alloc()
	}
	dict := fmt.Sprintf("/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /%s /BitsPerComponent 8 /Filter /%s", img.w, img.h, img.cs, img.filter)
	if img.decode != "" {
		dict += " /Decode " + img.decode
	}
	if mask != 0 {
		dict += fmt.Sprintf(" /SMask %d 0 R", mask)
	}
	o.stream(n, dict, img.data)
	if mask != 0 {
		o.stream(mask, fmt.Sprintf("/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode", img.w, img.h), img.smask)
	}
	return n
}

// size is the image's natural aspect: height for a width.
func (img *pdfImage) heightFor(w float64) float64 {
	if img.w == 0 {
		return 0
	}
	return w * float64(img.h) / float64(img.w)
}
