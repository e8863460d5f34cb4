// CPU-bound work on pixels: converting an image to grayscale row by row on
// several goroutines, then comparing with the sequential result.
package main

import (
	"fmt"
	"image"
	"image/color"
	"runtime"
	"sync"
)

func makeImage(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, color.RGBA{R: uint8(x * 255 / (w - 1)), G: uint8(y * 255 / (h - 1)), B: uint8((x + y) % 256), A: 255})
		}
	}
	return img
}

func grayRow(src *image.RGBA, dst *image.Gray, y int) {
	b := src.Bounds()
	for x := b.Min.X; x < b.Max.X; x++ {
		dst.Set(x, y, color.GrayModel.Convert(src.At(x, y)))
	}
}

func grayscale(src *image.RGBA, workers int) *image.Gray {
	b := src.Bounds()
	dst := image.NewGray(b)
	rows := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for y := range rows {
				grayRow(src, dst, y)
			}
		}()
	}
	for y := b.Min.Y; y < b.Max.Y; y++ {
		rows <- y
	}
	close(rows)
	wg.Wait()
	return dst
}

func histogram(g *image.Gray, buckets int) []int {
	h := make([]int, buckets)
	for _, p := range g.Pix {
		h[int(p)*buckets/256]++
	}
	return h
}

func main() {
	img := makeImage(64, 48)
	fmt.Println("bounds:", img.Bounds(), "pixels:", len(img.Pix)/4)
	fmt.Printf("corner colors: %v %v\n", img.At(0, 0), img.RGBAAt(63, 47))
	seq := grayscale(img, 1)
	workers := max(2, runtime.NumCPU())
	par := grayscale(img, workers)
	same := true
	for i := range seq.Pix {
		if seq.Pix[i] != par.Pix[i] {
			same = false
			break
		}
	}
	fmt.Println("parallel == sequential:", same)
	fmt.Println("gray at (10,10):", par.GrayAt(10, 10), "at (63,47):", par.GrayAt(63, 47).Y)
	fmt.Println("histogram:", histogram(par, 8))
	sub := par.SubImage(image.Rect(0, 0, 4, 2)).(*image.Gray)
	fmt.Println("sub bounds:", sub.Bounds(), "stride:", sub.Stride)
	var p image.Point = image.Pt(3, 4)
	fmt.Println(p.Add(image.Pt(1, 1)), p.Mul(2), p.In(img.Bounds()))
	r, g, bl, a := color.RGBA{10, 20, 30, 255}.RGBA()
	fmt.Println(r, g, bl, a)
}
