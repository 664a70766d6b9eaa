// axon export: a saved model in the formats other runtimes read. --onnx writes an ONNX graph
// (preprocessing, layers and output head; docs/onnx.md), --npz the weights under PyTorch's
// state_dict names. Each output is written atomically; a model that cannot be exported leaves
// nothing behind.
#include <CLI/CLI.hpp>
#include <memory>

#include "axon/io/model_file.hpp"
#include "axon/io/npz_weights.hpp"
#include "axon/tensor/error.hpp"
#include "commands.hpp"
#if AXON_HAVE_ONNX
#include "axon/io/onnx_export.hpp"
#endif

namespace axon::cli {
namespace {

struct ExportOptions {
  std::string model;
  std::string onnx;
  std::string npz;
};

void run_export(const ExportOptions& o) {
  check(!o.onnx.empty() || !o.npz.empty(), "export: give --onnx FILE, --npz FILE or both");
#if !AXON_HAVE_ONNX
  check(o.onnx.empty(),
        "export --onnx: this axon was built without ONNX support (apt-get install libonnx-dev "
        "libprotobuf-dev, then rebuild)");
#endif
  LoadedModel loaded = load_model(o.model);
#if AXON_HAVE_ONNX
  // Both are made in memory first, so a model one format cannot hold leaves neither file.
  std::vector<unsigned char> onnx_bytes;
  if (!o.onnx.empty()) onnx_bytes = onnx_model_bytes(loaded.model, loaded.info);
#endif
  if (!o.npz.empty()) export_npz(o.npz, loaded.model);
#if AXON_HAVE_ONNX
  if (!o.onnx.empty()) write_onnx_file(o.onnx, onnx_bytes);
#endif
}

}  // namespace

void add_export_command(CLI::App& app) {
  auto o = std::make_shared<ExportOptions>();
  CLI::App* c = app.add_subcommand("export", "Write a saved model as ONNX or NumPy weights");
  c->add_option("--model", o->model, "Model file written by `axon train --save`")->required();
  c->add_option("--onnx", o->onnx,
                "ONNX file to write: preprocessing, layers and output head, dynamic batch");
  c->add_option("--npz", o->npz, "NumPy .npz file to write: the weights as a PyTorch state_dict");
  c->callback([o] { run_export(*o); });
}

}  // namespace axon::cli
