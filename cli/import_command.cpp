// axon import: weights made elsewhere into a model file. --npz reads PyTorch state_dict arrays
// into the layers of an existing model (--model, whose architecture and preprocessing are kept);
// --onnx reads a dense network exported by torch.onnx.export (docs/onnx.md). The model file is
// written atomically, and only once everything has been read and checked.
#include <CLI/CLI.hpp>
#include <memory>

#include "axon/io/model_file.hpp"
#include "axon/io/npz_weights.hpp"
#include "axon/tensor/error.hpp"
#include "commands.hpp"
#if AXON_HAVE_ONNX
#include "axon/io/onnx_import.hpp"
#endif

namespace axon::cli {
namespace {

struct ImportOptions {
  std::string npz;
  std::string onnx;
  std::string model;
  std::string save;
  std::string task = "regression";
};

void run_import(const ImportOptions& o) {
  check(o.npz.empty() != o.onnx.empty(), "import: give one of --npz FILE or --onnx FILE");
  if (!o.npz.empty()) {
    check(!o.model.empty(),
          "import --npz: give --model FILE, the model whose layers the weights are for");
    LoadedModel loaded = load_model(o.model);
    import_npz(o.npz, loaded.model);
    loaded.info.metadata.emplace_back("weights", "imported from " + o.npz);
    save_model(o.save, loaded.model, loaded.info);
    return;
  }
#if AXON_HAVE_ONNX
  ImportedOnnx imported = import_onnx(o.onnx, parse_task(o.task));
  save_model(o.save, imported.model, imported.info);
#else
  throw Error(
      "import --onnx: this axon was built without ONNX support (apt-get install libonnx-dev "
      "libprotobuf-dev, then rebuild)");
#endif
}

}  // namespace

void add_import_command(CLI::App& app) {
  auto o = std::make_shared<ImportOptions>();
  CLI::App* c = app.add_subcommand("import", "Make a model file from PyTorch weights or ONNX");
  c->add_option("--npz", o->npz, "NumPy .npz of state_dict arrays (0.weight, 0.bias, ...)");
  c->add_option("--onnx", o->onnx, "ONNX file of a dense network (Gemm/MatMul and activations)");
  c->add_option("--model", o->model, "With --npz: the model file whose layers the weights fill");
  c->add_option("--save", o->save, "Model file to write")->required();
  c->add_option("--task", o->task, "With --onnx: regression or classification (of the outputs)");
  c->callback([o] { run_import(*o); });
}

}  // namespace axon::cli
