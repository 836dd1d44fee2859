<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AddRemoteDialog</name>
    <message>
        <source>Add a remote engine</source>
        <translation>添加远程引擎</translation>
    </message>
    <message>
        <source>e.g. GPU server</source>
        <translation>例如：GPU 服务器</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>可选</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>What Hearth calls this engine in its menus</source>
        <translation>Hearth 在菜单中显示的引擎名称</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>服务器地址</translation>
    </message>
    <message>
        <source>The server&apos;s web address, such as http://gpu-box:8000</source>
        <translation>服务器的网址，例如 http://gpu-box:8000</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>API 密钥</translation>
    </message>
    <message>
        <source>Only if the server asks for one; Hearth keeps it in your keychain</source>
        <translation>仅在服务器要求时填写；Hearth 会把它保存在系统钥匙串中</translation>
    </message>
    <message>
        <source>Chat with models served by another computer: vLLM, llama.cpp&apos;s llama-server, Ollama, LM Studio or another Hearth — any OpenAI-compatible server.</source>
        <translation>与另一台计算机上运行的模型对话：vLLM、llama.cpp 的 llama-server、Ollama、LM Studio 或另一个 Hearth——任何兼容 OpenAI 的服务器都可以。</translation>
    </message>
    <message>
        <source>Connection status</source>
        <translation>连接状态</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>名称(&amp;N)</translation>
    </message>
    <message>
        <source>Server &amp;address</source>
        <translation>服务器地址(&amp;A)</translation>
    </message>
    <message>
        <source>API &amp;key</source>
        <translation>API 密钥(&amp;K)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Connect and add</source>
        <translation>连接并添加</translation>
    </message>
    <message>
        <source>Asks the server for its models, then adds it</source>
        <translation>向服务器获取模型列表，成功后添加该引擎</translation>
    </message>
    <message>
        <source>Connecting to {url}…</source>
        <translation>正在连接 {url}…</translation>
    </message>
    <message>
        <source>{url} answered, but serves no models yet. Load one there and try again.</source>
        <translation>{url} 已响应，但尚未提供任何模型。请先在服务器上加载一个模型，然后重试。</translation>
    </message>
</context>
<context>
    <name>ChatOptionsPanel</name>
    <message>
        <source>When the conversation no longer fits the model&apos;s context: keep the system prompt and leave out the oldest messages, or stop and tell you.</source>
        <translation>当对话超出模型的上下文时：保留系统提示词并略去最早的消息，或者停止并告诉你。</translation>
    </message>
    <message>
        <source>Record how likely each token of new answers was, and the alternatives the model considered: show them tinted, hover a word to see what else it might have said, click one to branch the answer there.</source>
        <translation>记录新回答中每个 token 的概率，以及模型考虑过的其他候选：按概率着色显示，鼠标悬停在词上可查看模型还可能说什么，点击某个候选即可从那里创建回答分支。</translation>
    </message>
    <message>
        <source>Thinking, context and tokens</source>
        <translation>思考过程、上下文与 token</translation>
    </message>
    <message>
        <source>Thinking</source>
        <translation>思考过程</translation>
    </message>
    <message>
        <source>How this model thinks</source>
        <translation>此模型的思考方式</translation>
    </message>
    <message>
        <source>When the chat is too long</source>
        <translation>对话过长时</translation>
    </message>
    <message>
        <source>Drop the oldest</source>
        <translation>略去最早的消息</translation>
    </message>
    <message>
        <source>Stop and tell me</source>
        <translation>停止并提示我</translation>
    </message>
    <message>
        <source>Too long</source>
        <translation>过长时</translation>
    </message>
    <message>
        <source>Probabilities</source>
        <translation>概率</translation>
    </message>
    <message>
        <source>Next-token inspector</source>
        <translation>下一 token 概率查看器</translation>
    </message>
    <message>
        <source> alternatives</source>
        <translation> 个候选</translation>
    </message>
    <message>
        <source>Alternatives per token</source>
        <translation>每个 token 的候选数</translation>
    </message>
    <message>
        <source>How many of the likeliest tokens to keep for each token of an answer</source>
        <translation>为回答中的每个 token 保留多少个最可能的候选</translation>
    </message>
    <message>
        <source>Prompt and template…</source>
        <translation>提示词与模板…</translation>
    </message>
    <message>
        <source>Show the prompt and chat template</source>
        <translation>显示提示词和对话模板</translation>
    </message>
    <message>
        <source>See the exact text the model reads for this chat, and change its template</source>
        <translation>查看模型在此对话中读取的完整文本，并可更换其对话模板</translation>
    </message>
    <message>
        <source>Model default</source>
        <translation>模型默认</translation>
    </message>
    <message>
        <source>Reasoning effort</source>
        <translation>推理强度</translation>
    </message>
    <message>
        <source>How long the model thinks before it answers: low is quickest, high is most thorough.</source>
        <translation>模型回答前思考多久：“低”最快，“高”最周全。</translation>
    </message>
    <message>
        <source>Reasoning models think before they answer. Off answers sooner; the model&apos;s default is what its authors chose.</source>
        <translation>推理模型会先思考再回答。关闭后回答更快；“模型默认”即模型作者的选择。</translation>
    </message>
    <message>
        <source>This model runs on another computer; it thinks as its server decides.</source>
        <translation>此模型运行在另一台计算机上，是否思考由其服务器决定。</translation>
    </message>
    <message>
        <source>This model thinks aloud ({format}).</source>
        <translation>此模型会输出思考过程（{format}）。</translation>
    </message>
    <message>
        <source>This model thinks aloud ({format}). Its template has no switch for it.</source>
        <translation>此模型会输出思考过程（{format}）。它的对话模板没有开关可以关闭思考。</translation>
    </message>
    <message>
        <source>A remote engine does not send Hearth the probabilities of its tokens.</source>
        <translation>远程引擎不会把 token 的概率发送给 Hearth。</translation>
    </message>
    <message>
        <source>A remote engine&apos;s server decides what fits its context.</source>
        <translation>远程引擎的服务器自行决定哪些内容放得进上下文。</translation>
    </message>
    <message>
        <source>A remote engine formats the prompt with its own template on its server.</source>
        <translation>远程引擎在其服务器上用自己的模板生成提示词。</translation>
    </message>
    <message>
        <source>On</source>
        <translation>开</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>关</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>低</translation>
    </message>
    <message>
        <source>Medium</source>
        <translation>中</translation>
    </message>
    <message>
        <source>High</source>
        <translation>高</translation>
    </message>
</context>
<context>
    <name>LoadPanel</name>
    <message>
        <source>No GPU backend in this build: running on the CPU</source>
        <translation>此版本没有 GPU 后端：在 CPU 上运行</translation>
    </message>
    <message>
        <source>No model loaded</source>
        <translation>未加载模型</translation>
    </message>
    <message>
        <source>{backend} ({engine})</source>
        <translation>{backend}（{engine}）</translation>
    </message>
    <message>
        <source>{backend} · {n} tokens context</source>
        <translation>{backend} · 上下文 {n} token</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Backend</source>
        <translation>后端</translation>
    </message>
    <message>
        <source>f16 (full precision)</source>
        <translation>f16（全精度）</translation>
    </message>
    <message>
        <source>q8_0 (half the memory)</source>
        <translation>q8_0（一半内存）</translation>
    </message>
    <message>
        <source>q4_0 (a quarter)</source>
        <translation>q4_0（四分之一内存）</translation>
    </message>
    <message>
        <source>How the KV cache (the model&apos;s memory of this conversation) stores its numbers, for this model: q8_0 needs about half the memory of f16 and q4_0 about a quarter, so a longer context fits; a quantized cache switches flash attention on</source>
        <translation>KV 缓存（模型对本次对话的记忆）以何种格式存储数值，仅对此模型生效：q8_0 约需 f16 一半的内存，q4_0 约需四分之一，因此能放下更长的上下文；量化的缓存会启用 Flash Attention</translation>
    </message>
    <message>
        <source>The remote engine loads its models itself: change this on that server</source>
        <translation>远程引擎自行加载模型：请在该服务器上更改此设置</translation>
    </message>
    <message>
        <source>KV cache type</source>
        <translation>KV 缓存类型</translation>
    </message>
    <message>
        <source>KV cache types</source>
        <translation>KV 缓存类型列表</translation>
    </message>
    <message>
        <source>KV cache</source>
        <translation>KV 缓存</translation>
    </message>
    <message>
        <source>Apply and reload</source>
        <translation>应用并重新加载</translation>
    </message>
    <message>
        <source>Reload model</source>
        <translation>重新加载模型</translation>
    </message>
    <message>
        <source>Load the model again with these settings</source>
        <translation>用这些设置重新加载模型</translation>
    </message>
</context>
<context>
    <name>ModelBar</name>
    <message>
        <source>Remote — messages leave this computer</source>
        <translation>远程——消息将离开这台计算机</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>The model that answers. Loading another one keeps your chats.</source>
        <translation>负责回答的模型。换用其他模型不会影响你的对话。</translation>
    </message>
    <message>
        <source>No model loaded</source>
        <translation>未加载模型</translation>
    </message>
    <message>
        <source>Model status</source>
        <translation>模型状态</translation>
    </message>
    <message>
        <source>Loading progress</source>
        <translation>加载进度</translation>
    </message>
    <message>
        <source>Remote model</source>
        <translation>远程模型</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Show settings</source>
        <translation>显示设置</translation>
    </message>
    <message>
        <source>Show or hide sampling, system prompt and model settings ({shortcut})</source>
        <translation>显示或隐藏采样、系统提示词和模型设置（{shortcut}）</translation>
    </message>
    <message>
        <source>Shows or hides the settings panel beside the chat</source>
        <translation>显示或隐藏对话旁的设置面板</translation>
    </message>
    <message>
        <source>{model} — {engine}</source>
        <translation>{model}——{engine}</translation>
    </message>
    <message>
        <source>Runs on the remote engine “{engine}”: your messages are sent there.</source>
        <translation>运行在远程引擎“{engine}”上：你的消息会发送到那里。</translation>
    </message>
    <message>
        <source>Open model file…</source>
        <translation>打开模型文件…</translation>
    </message>
    <message>
        <source>Loading {file}…</source>
        <translation>正在加载 {file}…</translation>
    </message>
    <message>
        <source>{model} runs on {engine}, not on this computer: what you write in this chat is sent there.</source>
        <translation>{model} 运行在 {engine} 上，而不是这台计算机：你在此对话中写的内容会发送到那里。</translation>
    </message>
    <message>
        <source>{backend} · {n} tokens context</source>
        <translation>{backend} · 上下文 {n} token</translation>
    </message>
    <message>
        <source>Loaded in {ms} ms</source>
        <translation>加载用时 {ms} 毫秒</translation>
    </message>
    <message>
        <source>Not loaded — see the message above the chat</source>
        <translation>未加载——请查看对话上方的消息</translation>
    </message>
</context>
<context>
    <name>ModelMemoryPanel</name>
    <message>
        <source>Saved model memory</source>
        <translation>已保存的模型记忆</translation>
    </message>
    <message>
        <source>Hearth keeps what the model has already read in each chat, so a chat you come back to — even after a restart — answers at once instead of reading everything again.</source>
        <translation>Hearth 会保存模型在每个对话中已经读过的内容。回到一个对话时（即使重启之后），模型可以立即回答，而不必从头再读一遍。</translation>
    </message>
    <message>
        <source>Saved model memory on disk</source>
        <translation>磁盘上已保存的模型记忆</translation>
    </message>
    <message>
        <source> GB</source>
        <translation> GB</translation>
    </message>
    <message>
        <source>Disk budget for saved model memory</source>
        <translation>已保存模型记忆的磁盘配额</translation>
    </message>
    <message>
        <source>The least recently used chats&apos; memory is removed beyond this</source>
        <translation>超出此配额时，最久未使用的对话的记忆会被删除</translation>
    </message>
    <message>
        <source>Clear saved model memory…</source>
        <translation>清除已保存的模型记忆…</translation>
    </message>
    <message>
        <source>Clear saved model memory</source>
        <translation>清除已保存的模型记忆</translation>
    </message>
    <message>
        <source>Delete every chat&apos;s saved model memory (the chats stay)</source>
        <translation>删除所有对话已保存的模型记忆（对话本身保留）</translation>
    </message>
    <message>
        <source>On disk</source>
        <translation>磁盘占用</translation>
    </message>
    <message>
        <source>Budget</source>
        <translation>配额</translation>
    </message>
    <message>
        <source>{used} of {budget} GB</source>
        <translation>{used} / {budget} GB</translation>
    </message>
    <message>
        <source>Clear saved model memory?</source>
        <translation>清除已保存的模型记忆？</translation>
    </message>
    <message>
        <source>Delete the saved model memory of every chat ({size})? Your chats stay; the next message in each is read from the start once.</source>
        <translation>要删除所有对话已保存的模型记忆（{size}）吗？对话会保留；每个对话的下一条消息需要从头读取一次。</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
</context>
<context>
    <name>ParamsForm</name>
    <message>
        <source>{help} ({value}: {meaning})</source>
        <translation>{help}（{value}：{meaning}）</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <source>Higher is more varied, lower is more focused; 0 always picks the most likely word.</source>
        <translation>越高越多样，越低越集中；为 0 时总是选择最可能的词。</translation>
    </message>
    <message>
        <source>Top P</source>
        <translation>Top P</translation>
    </message>
    <message>
        <source>Keep only the most likely words whose probabilities add up to this share.</source>
        <translation>只保留概率之和达到此比例的最可能的词。</translation>
    </message>
    <message>
        <source>Top K</source>
        <translation>Top K</translation>
    </message>
    <message>
        <source>Keep only this many most likely words (0 keeps all).</source>
        <translation>只保留这么多个最可能的词（0 表示全部保留）。</translation>
    </message>
    <message>
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Min P</source>
        <translation>Min P</translation>
    </message>
    <message>
        <source>Drop words less likely than this share of the most likely one.</source>
        <translation>舍弃概率低于最可能的词的此比例的词。</translation>
    </message>
    <message>
        <source>Repeat penalty</source>
        <translation>重复惩罚</translation>
    </message>
    <message>
        <source>Discourage repeating recent words (1 is off).</source>
        <translation>抑制重复最近出现过的词（1 表示关闭）。</translation>
    </message>
    <message>
        <source>Penalty window</source>
        <translation>惩罚窗口</translation>
    </message>
    <message>
        <source>How many recent tokens the repeat, presence and frequency penalties look at.</source>
        <translation>重复惩罚、存在惩罚和频率惩罚所考虑的最近 token 数。</translation>
    </message>
    <message>
        <source>Presence penalty</source>
        <translation>存在惩罚</translation>
    </message>
    <message>
        <source>Discourage any word that already appeared.</source>
        <translation>抑制任何已出现过的词。</translation>
    </message>
    <message>
        <source>Frequency penalty</source>
        <translation>频率惩罚</translation>
    </message>
    <message>
        <source>Discourage words in proportion to how often they appeared.</source>
        <translation>按词出现的次数成比例地抑制它。</translation>
    </message>
    <message>
        <source>Max tokens</source>
        <translation>最大 token 数</translation>
    </message>
    <message>
        <source>Stop the answer after this many tokens (0: until the context is full).</source>
        <translation>回答达到这么多 token 后停止（0：直到上下文用满）。</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>不限</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>The same seed and settings give the same answer (-1: a new random seed each time).</source>
        <translation>相同的随机种子和设置会得到相同的回答（-1：每次使用新的随机种子）。</translation>
    </message>
    <message>
        <source>random</source>
        <translation>随机</translation>
    </message>
    <message>
        <source>Context length</source>
        <translation>上下文长度</translation>
    </message>
    <message>
        <source>How many tokens of conversation the model can see at once (0: the model&apos;s own).</source>
        <translation>模型一次能看到多少 token 的对话（0：使用模型自身的设定）。</translation>
    </message>
    <message>
        <source>model default</source>
        <translation>模型默认</translation>
    </message>
    <message>
        <source>GPU layers</source>
        <translation>GPU 层数</translation>
    </message>
    <message>
        <source>How many layers run on the GPU (-1: all that fit; 0: CPU only).</source>
        <translation>在 GPU 上运行多少层（-1：放得下的全部；0：仅用 CPU）。</translation>
    </message>
    <message>
        <source>all</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Threads</source>
        <translation>线程数</translation>
    </message>
    <message>
        <source>CPU threads for generation (0: automatic, leaves a core for the window).</source>
        <translation>生成时使用的 CPU 线程数（0：自动，为窗口留出一个核心）。</translation>
    </message>
    <message>
        <source>auto</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>Prompt threads</source>
        <translation>提示词线程数</translation>
    </message>
    <message>
        <source>CPU threads for reading the prompt (0: automatic, every performance core).</source>
        <translation>读取提示词时使用的 CPU 线程数（0：自动，使用所有性能核心）。</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>批大小</translation>
    </message>
    <message>
        <source>Tokens evaluated per step while reading the prompt.</source>
        <translation>读取提示词时每一步处理的 token 数。</translation>
    </message>
</context>
<context>
    <name>PresetActions</name>
    <message>
        <source>The preset “{name}” has settings out of range; save it again to replace them.</source>
        <translation>预设“{name}”中有超出范围的设置；请重新保存以替换它们。</translation>
    </message>
    <message>
        <source>Delete preset?</source>
        <translation>删除预设？</translation>
    </message>
    <message>
        <source>Delete the preset “{name}”? Chats that use its settings keep them.</source>
        <translation>要删除预设“{name}”吗？使用了其设置的对话会保留这些设置。</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
</context>
<context>
    <name>PromptDialog</name>
    <message>
        <source>Prompt and template</source>
        <translation>提示词与模板</translation>
    </message>
    <message>
        <source>Template in use</source>
        <translation>正在使用的模板</translation>
    </message>
    <message>
        <source>Prompt text</source>
        <translation>提示词文本</translation>
    </message>
    <message>
        <source>The exact text the model reads before its next answer</source>
        <translation>模型在下一次回答前读取的完整文本</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>提示词</translation>
    </message>
    <message>
        <source>Chat template</source>
        <translation>对话模板</translation>
    </message>
    <message>
        <source>The Jinja template that turns the chat into the prompt; you may edit or replace it</source>
        <translation>把对话转换成提示词的 Jinja 模板；你可以编辑或替换它</translation>
    </message>
    <message>
        <source>Paste a Jinja chat template here, or open a file</source>
        <translation>在此粘贴 Jinja 对话模板，或打开一个文件</translation>
    </message>
    <message>
        <source>Template problem</source>
        <translation>模板问题</translation>
    </message>
    <message>
        <source>Open file…</source>
        <translation>打开文件…</translation>
    </message>
    <message>
        <source>Open a chat template file</source>
        <translation>打开对话模板文件</translation>
    </message>
    <message>
        <source>Read a chat template from a .jinja or text file</source>
        <translation>从 .jinja 或文本文件读取对话模板</translation>
    </message>
    <message>
        <source>Use this template</source>
        <translation>使用此模板</translation>
    </message>
    <message>
        <source>Check this template and use it for this model from now on</source>
        <translation>检查此模板，并从现在起在此模型上使用它</translation>
    </message>
    <message>
        <source>Use the model&apos;s own</source>
        <translation>使用模型自带的</translation>
    </message>
    <message>
        <source>Use the model&apos;s own template</source>
        <translation>使用模型自带的模板</translation>
    </message>
    <message>
        <source>Forget your template and use the one in the model&apos;s file</source>
        <translation>不再使用你的模板，改用模型文件中的模板</translation>
    </message>
    <message>
        <source>Template</source>
        <translation>模板</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>No model is loaded.</source>
        <translation>未加载模型。</translation>
    </message>
    <message>
        <source>The model&apos;s own chat template (from its GGUF file).</source>
        <translation>模型自带的对话模板（来自其 GGUF 文件）。</translation>
    </message>
    <message>
        <source>Your chat template for this model.</source>
        <translation>你为此模型设置的对话模板。</translation>
    </message>
    <message>
        <source>ChatML: Hearth&apos;s stand-in, because the model&apos;s own template cannot be used.</source>
        <translation>ChatML：Hearth 的替代模板，因为模型自带的模板无法使用。</translation>
    </message>
    <message>
        <source>Exactly what the model reads before its next answer in this chat: {characters} characters on one line.</source>
        <translation>模型在此对话中下一次回答前读取的完整内容：共 {characters} 个字符，1 行。</translation>
    </message>
    <message>
        <source>Exactly what the model reads before its next answer in this chat: {characters} characters on {lines} lines.</source>
        <translation>模型在此对话中下一次回答前读取的完整内容：共 {characters} 个字符，{lines} 行。</translation>
    </message>
    <message>
        <source>The template is empty. Paste one, open a file, or use the model&apos;s own.</source>
        <translation>模板是空的。请粘贴一个模板、打开文件，或使用模型自带的模板。</translation>
    </message>
    <message>
        <source>Open a chat template</source>
        <translation>打开对话模板</translation>
    </message>
    <message>
        <source>Chat templates ({patterns});;All files ({all})</source>
        <translation>对话模板 ({patterns});;所有文件 ({all})</translation>
    </message>
    <message>
        <source>{file} is too large to be a chat template.</source>
        <translation>{file} 太大，不可能是对话模板。</translation>
    </message>
    <message>
        <source>{file} is not a text file (it is not UTF-8).</source>
        <translation>{file} 不是文本文件（不是 UTF-8 编码）。</translation>
    </message>
    <message>
        <source>Could not read {file}: {reason}.</source>
        <translation>无法读取 {file}：{reason}。</translation>
    </message>
</context>
<context>
    <name>RemoteActions</name>
    <message>
        <source>Models of a remote engine run on another computer: what you write in a chat with them is sent there, and its answers come back. Chats stay in Hearth&apos;s history on this computer.</source>
        <translation>远程引擎的模型运行在另一台计算机上：你在与它们的对话中写的内容会发送到那里，回答再传回来。对话记录仍保存在这台计算机上的 Hearth 历史中。</translation>
    </message>
    <message>
        <source>Hearth could not talk to that server ({error}).</source>
        <translation>Hearth 无法与该服务器通信（{error}）。</translation>
    </message>
    <message>
        <source>Added “{engine}” with 1 model: pick it in the model menu, marked remote.</source>
        <translation>已添加“{engine}”，含 1 个模型：可在模型菜单中选择它（标记为远程）。</translation>
    </message>
    <message>
        <source>Added “{engine}” with {n} models: pick one in the model menu, marked remote.</source>
        <translation>已添加“{engine}”，含 {n} 个模型：可在模型菜单中选择（标记为远程）。</translation>
    </message>
    <message>
        <source>{added} Its API key is in your keychain.</source>
        <translation>{added}其 API 密钥保存在系统钥匙串中。</translation>
    </message>
    <message>
        <source>{added} Its API key is in a file only you can read (no keychain was available).</source>
        <translation>{added}其 API 密钥保存在只有你能读取的文件中（没有可用的系统钥匙串）。</translation>
    </message>
    <message>
        <source>Remove remote engine</source>
        <translation>移除远程引擎</translation>
    </message>
    <message>
        <source>Remove “{engine}” and forget its API key? Your chats with its models stay in your history.</source>
        <translation>要移除“{engine}”并删除其 API 密钥吗？你与其模型的对话仍会保留在历史中。</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Change API key</source>
        <translation>更改 API 密钥</translation>
    </message>
    <message>
        <source>The API key for “{engine}” (empty for none). Hearth keeps it in your keychain.</source>
        <translation>“{engine}”的 API 密钥（留空表示不使用）。Hearth 会把它保存在系统钥匙串中。</translation>
    </message>
    <message>
        <source>Messages will leave this computer</source>
        <translation>消息将离开这台计算机</translation>
    </message>
    <message>
        <source>{model} runs on the remote engine “{engine}” ({url}).

{privacy}

Hearth asks this once for each remote engine.</source>
        <translation>{model} 运行在远程引擎“{engine}”（{url}）上。

{privacy}

每个远程引擎 Hearth 只询问一次。</translation>
    </message>
    <message>
        <source>Use the remote engine</source>
        <translation>使用远程引擎</translation>
    </message>
    <message>
        <source>No remote engines yet</source>
        <translation>还没有远程引擎</translation>
    </message>
    <message>
        <source>1 model</source>
        <translation>1 个模型</translation>
    </message>
    <message>
        <source>{n} models</source>
        <translation>{n} 个模型</translation>
    </message>
    <message>
        <source>{engine} ({url})</source>
        <translation>{engine}（{url}）</translation>
    </message>
    <message>
        <source>Refresh its models</source>
        <translation>刷新模型列表</translation>
    </message>
    <message>
        <source>Change API key…</source>
        <translation>更改 API 密钥…</translation>
    </message>
    <message>
        <source>Remove…</source>
        <translation>移除…</translation>
    </message>
    <message>
        <source>Add a remote engine…</source>
        <translation>添加远程引擎…</translation>
    </message>
</context>
<context>
    <name>SamplingPanel</name>
    <message>
        <source>Sampling</source>
        <translation>采样</translation>
    </message>
    <message>
        <source>Stop strings</source>
        <translation>停止字符串</translation>
    </message>
    <message>
        <source>e.g. {example}</source>
        <translation>例如：{example}</translation>
    </message>
    <message>
        <source>The answer ends before any of these texts. Separate them with commas; write {newline} for a new line and {comma} for a comma.</source>
        <translation>回答在出现其中任一文本之前结束。多个文本用英文逗号分隔；用 {newline} 表示换行，用 {comma} 表示逗号本身。</translation>
    </message>
    <message>
        <source>System prompt</source>
        <translation>系统提示词</translation>
    </message>
    <message>
        <source>Instructions the model follows in this chat</source>
        <translation>模型在此对话中遵循的指示</translation>
    </message>
    <message>
        <source>Presets</source>
        <translation>预设</translation>
    </message>
    <message>
        <source>Preset</source>
        <translation>预设</translation>
    </message>
    <message>
        <source>The saved preset these settings come from; pick one to use its settings in this chat</source>
        <translation>当前设置来自哪个已保存的预设；选择一个预设即可在此对话中使用它的设置</translation>
    </message>
    <message>
        <source>Choose a preset</source>
        <translation>选择预设</translation>
    </message>
    <message>
        <source>Load saved sampling settings</source>
        <translation>载入已保存的采样设置</translation>
    </message>
    <message>
        <source>Save as…</source>
        <translation>另存为…</translation>
    </message>
    <message>
        <source>Save preset as</source>
        <translation>将预设另存为</translation>
    </message>
    <message>
        <source>Save the current sampling settings under a name</source>
        <translation>以一个名称保存当前的采样设置</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Delete preset</source>
        <translation>删除预设</translation>
    </message>
    <message>
        <source>Delete the selected preset</source>
        <translation>删除所选预设</translation>
    </message>
    <message>
        <source>Reset to model defaults</source>
        <translation>恢复模型默认值</translation>
    </message>
    <message>
        <source>Use the sampling settings the model recommends</source>
        <translation>使用模型推荐的采样设置</translation>
    </message>
    <message>
        <source>{engine} does not take this setting, so it is not sent.</source>
        <translation>{engine} 不接受此设置，因此不会发送。</translation>
    </message>
    <message>
        <source>This engine does not take this setting, so it is not sent.</source>
        <translation>此引擎不接受此设置，因此不会发送。</translation>
    </message>
    <message>
        <source>Save preset</source>
        <translation>保存预设</translation>
    </message>
    <message>
        <source>Preset name:</source>
        <translation>预设名称：</translation>
    </message>
    <message>
        <source>Custom</source>
        <translation>自定义</translation>
    </message>
    <message>
        <source>These settings match no saved preset</source>
        <translation>这些设置与任何已保存的预设都不一致</translation>
    </message>
</context>
<context>
    <name>ServerActions</name>
    <message>
        <source>Local server status</source>
        <translation>本地服务器状态</translation>
    </message>
    <message>
        <source>The local server did not start: {problem}</source>
        <translation>本地服务器未能启动：{problem}</translation>
    </message>
    <message>
        <source>Serving at {address}</source>
        <translation>正在 {address} 提供服务</translation>
    </message>
</context>
<context>
    <name>ServerWindow</name>
    <message>
        <source>Local server</source>
        <translation>本地服务器</translation>
    </message>
    <message>
        <source>Serve the loaded model to other programs on this computer — editors, scripts, agents — through the OpenAI API. Nothing leaves this computer unless you allow other computers.</source>
        <translation>通过 OpenAI API 把已加载的模型提供给这台计算机上的其他程序（编辑器、脚本、智能体）。除非你允许其他计算机访问，否则任何内容都不会离开这台计算机。</translation>
    </message>
    <message>
        <source>Serve the model (OpenAI-compatible API)</source>
        <translation>提供模型服务（兼容 OpenAI 的 API）</translation>
    </message>
    <message>
        <source>Starts or stops serving the loaded model to other programs</source>
        <translation>开始或停止向其他程序提供已加载的模型</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>端口</translation>
    </message>
    <message>
        <source>The TCP port programs connect to</source>
        <translation>程序连接的 TCP 端口</translation>
    </message>
    <message>
        <source>Allow other computers on the network (needs the API key)</source>
        <translation>允许网络上的其他计算机访问（需要 API 密钥）</translation>
    </message>
    <message>
        <source>Allow other computers</source>
        <translation>允许其他计算机</translation>
    </message>
    <message>
        <source>Listen on the network as well; programs then need the API key</source>
        <translation>同时在网络上监听；此时程序需要提供 API 密钥</translation>
    </message>
    <message>
        <source>Let a request load another model of the library</source>
        <translation>允许请求加载模型库中的其他模型</translation>
    </message>
    <message>
        <source>Let requests load other models</source>
        <translation>允许请求加载其他模型</translation>
    </message>
    <message>
        <source>A request that names another model of the library loads it in place of the one loaded now</source>
        <translation>请求中指定了模型库中的其他模型时，加载该模型以替换当前模型</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>服务器地址</translation>
    </message>
    <message>
        <source>The address to give programs</source>
        <translation>提供给程序使用的地址</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Copy the server address</source>
        <translation>复制服务器地址</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>API 密钥</translation>
    </message>
    <message>
        <source>The key programs on other computers must send</source>
        <translation>其他计算机上的程序必须发送的密钥</translation>
    </message>
    <message>
        <source>Copy the API key</source>
        <translation>复制 API 密钥</translation>
    </message>
    <message>
        <source>Requests in flight</source>
        <translation>进行中的请求</translation>
    </message>
    <message>
        <source>Server problem</source>
        <translation>服务器问题</translation>
    </message>
    <message>
        <source>Server log</source>
        <translation>服务器日志</translation>
    </message>
    <message>
        <source>The latest requests and what the server did</source>
        <translation>最近的请求及服务器的处理情况</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>请求</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>日志</translation>
    </message>
    <message>
        <source>not serving</source>
        <translation>未提供服务</translation>
    </message>
    <message>
        <source>none: only this computer can connect</source>
        <translation>无：只有这台计算机可以连接</translation>
    </message>
    <message>
        <source>made when the server starts</source>
        <translation>服务器启动时生成</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>1 being answered or waiting</source>
        <translation>1 个正在回答或等待中</translation>
    </message>
    <message>
        <source>{n} being answered or waiting</source>
        <translation>{n} 个正在回答或等待中</translation>
    </message>
</context>
<context>
    <name>SpeedStrip</name>
    <message>
        <source>Speeds are rough estimates until this computer has been measured.</source>
        <translation>在测量这台计算机之前，速度只是粗略估计。</translation>
    </message>
    <message>
        <source>1 core</source>
        <translation>1 个核心</translation>
    </message>
    <message>
        <source>{n} cores</source>
        <translation>{n} 个核心</translation>
    </message>
    <message>
        <source>d MMM yyyy</source>
        <translation>yyyy年M月d日</translation>
    </message>
    <message>
        <source>Speeds are estimated for this computer: memory {bandwidth} GB/s, arithmetic {compute} GFLOPS on {cores} ({date}), corrected by the models that ran here.</source>
        <translation>速度按这台计算机估算：内存 {bandwidth} GB/s，运算 {compute} GFLOPS，使用 {cores}（{date}），并根据在这里运行过的模型加以校正。</translation>
    </message>
    <message>
        <source>{n} GB/s</source>
        <translation>{n} GB/s</translation>
    </message>
    <message>
        <source>speed unknown</source>
        <translation>速度未知</translation>
    </message>
    <message>
        <source>Speeds are estimated for this computer: memory {bandwidth} GB/s, arithmetic {compute} GFLOPS on {cores} ({date}); GPU {gpu} ({gpu_speed}), corrected by the models that ran here.</source>
        <translation>速度按这台计算机估算：内存 {bandwidth} GB/s，运算 {compute} GFLOPS，使用 {cores}（{date}）；GPU {gpu}（{gpu_speed}），并根据在这里运行过的模型加以校正。</translation>
    </message>
    <message>
        <source>What the speeds are based on</source>
        <translation>速度估算的依据</translation>
    </message>
    <message>
        <source>Measure again</source>
        <translation>重新测量</translation>
    </message>
    <message>
        <source>Measure this computer&apos;s speed again</source>
        <translation>重新测量这台计算机的速度</translation>
    </message>
    <message>
        <source>Measure memory bandwidth and arithmetic speed again (about a second); do it when the computer is otherwise idle</source>
        <translation>重新测量内存带宽和运算速度（约一秒）；请在计算机空闲时进行</translation>
    </message>
    <message>
        <source>Measuring this computer&apos;s speed…</source>
        <translation>正在测量这台计算机的速度…</translation>
    </message>
    <message>
        <source>{basis} The measurement was discarded (the computer was busy); try again when it is idle.</source>
        <translation>{basis}本次测量已作废（计算机当时正忙）；请在空闲时重试。</translation>
    </message>
</context>
<context>
    <name>WelcomeDialog</name>
    <message>
        <source>Welcome to Hearth</source>
        <translation>欢迎使用 Hearth</translation>
    </message>
</context>
<context>
    <name>WelcomePage</name>
    <message>
        <source>You can do this later from Models → Find and download.</source>
        <translation>你也可以稍后在“模型 → 查找和下载模型”中进行。</translation>
    </message>
    <message>
        <source>Everything stays on this computer: your chats, your models. Hearth works offline.</source>
        <translation>你的对话和模型都只保存在这台计算机上。Hearth 可以离线使用。</translation>
    </message>
    <message>
        <source>The starter model is ready — ask anything, it answers straight away.</source>
        <translation>入门模型已就绪——随便问，它马上就能回答。</translation>
    </message>
    <message>
        <source>The small starter model is not installed, so Hearth cannot answer yet. Download the model below, or pick one in Models → Find and download.</source>
        <translation>小型入门模型没有安装，所以 Hearth 暂时还不能回答。请下载下面的模型，或在“模型 → 查找和下载模型”中挑选一个。</translation>
    </message>
    <message>
        <source>The small starter model is not installed, so Hearth cannot answer yet. Pick a model in Models → Find and download.</source>
        <translation>小型入门模型没有安装，所以 Hearth 暂时还不能回答。请在“模型 → 查找和下载模型”中挑选一个模型。</translation>
    </message>
    <message>
        <source>&lt;1 word/s</source>
        <translation>&lt;1 字/秒</translation>
    </message>
    <message>
        <source>{n} words/s</source>
        <translation>{n} 字/秒</translation>
    </message>
    <message>
        <source>~{n} words/s</source>
        <translation>约 {n} 字/秒</translation>
    </message>
    <message>
        <source>It needs about {needed} of memory and fits comfortably in this computer&apos;s {total}, and should write about {words} words a second here. It gives better answers than the starter model, which writes faster still.</source>
        <translation>它约需 {needed} 内存，在这台计算机的 {total} 内存中绰绰有余，在这里每秒大约能写 {words} 个字。它的回答比入门模型更好，不过入门模型写得更快。</translation>
    </message>
    <message>
        <source>It needs about {needed} of memory and fits comfortably in this computer&apos;s {total}. It gives better answers than the starter model, which writes faster still.</source>
        <translation>它约需 {needed} 内存，在这台计算机的 {total} 内存中绰绰有余。它的回答比入门模型更好，不过入门模型写得更快。</translation>
    </message>
    <message>
        <source>It needs about {needed} of memory and fits comfortably in this computer&apos;s memory, and should write about {words} words a second here. It gives better answers than the starter model, which writes faster still.</source>
        <translation>它约需 {needed} 内存，完全放得下这台计算机的内存，在这里每秒大约能写 {words} 个字。它的回答比入门模型更好，不过入门模型写得更快。</translation>
    </message>
    <message>
        <source>It needs about {needed} of memory and fits comfortably in this computer&apos;s memory. It gives better answers than the starter model, which writes faster still.</source>
        <translation>它约需 {needed} 内存，完全放得下这台计算机的内存。它的回答比入门模型更好，不过入门模型写得更快。</translation>
    </message>
    <message>
        <source>Welcome to Hearth</source>
        <translation>欢迎使用 Hearth</translation>
    </message>
    <message>
        <source>Hearth icon</source>
        <translation>Hearth 图标</translation>
    </message>
    <message>
        <source>Private AI chat that runs on this computer.</source>
        <translation>在这台计算机上运行的私密 AI 对话。</translation>
    </message>
    <message>
        <source>Start chatting</source>
        <translation>开始对话</translation>
    </message>
    <message>
        <source>Close the welcome and go to the chat</source>
        <translation>关闭欢迎页，进入对话</translation>
    </message>
    <message>
        <source>Browse models…</source>
        <translation>浏览模型…</translation>
    </message>
    <message>
        <source>Browse models in the Models window</source>
        <translation>在“模型”窗口中浏览模型</translation>
    </message>
    <message>
        <source>Open the Models window to find and download others</source>
        <translation>打开“模型”窗口，查找并下载其他模型</translation>
    </message>
    <message>
        <source>Recommended model</source>
        <translation>推荐的模型</translation>
    </message>
    <message>
        <source>A smarter model for this computer</source>
        <translation>适合这台计算机的更聪明的模型</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Retry the download</source>
        <translation>重试下载</translation>
    </message>
    <message>
        <source>Download progress</source>
        <translation>下载进度</translation>
    </message>
    <message>
        <source>Download status</source>
        <translation>下载状态</translation>
    </message>
    <message>
        <source>On this computer the starter model is the best fit: the larger models would not fit in the free memory or would answer too slowly to chat. Models → Find and download shows what else would run, and how fast.</source>
        <translation>在这台计算机上，入门模型最合适：更大的模型要么放不下空闲内存，要么回答太慢、无法流畅对话。“模型 → 查找和下载模型”会显示还有哪些模型能运行，以及运行速度。</translation>
    </message>
    <message>
        <source>{model} · {size} download · {license} licence · {speed}</source>
        <translation>{model} · 下载 {size} · {license} 许可证 · {speed}</translation>
    </message>
    <message>
        <source>{model} · {size} download · {license} licence</source>
        <translation>{model} · 下载 {size} · {license} 许可证</translation>
    </message>
    <message>
        <source>Download {model}</source>
        <translation>下载 {model}</translation>
    </message>
    <message>
        <source>Fetch this model from Hugging Face into your Library</source>
        <translation>从 Hugging Face 下载此模型到你的模型库</translation>
    </message>
    <message>
        <source>Asking Hugging Face for the file…</source>
        <translation>正在向 Hugging Face 查询文件…</translation>
    </message>
    <message>
        <source>Hugging Face no longer has {file}. Models → Find and download has others.</source>
        <translation>Hugging Face 上已经没有 {file} 了。可以在“模型 → 查找和下载模型”中找找其他模型。</translation>
    </message>
    <message>
        <source>Waiting to start…</source>
        <translation>等待开始…</translation>
    </message>
    <message>
        <source>Paused: resume it in Models → Downloads.</source>
        <translation>已暂停：可在“模型 → 下载”中继续。</translation>
    </message>
    <message>
        <source>Checking the downloaded file…</source>
        <translation>正在检查下载的文件…</translation>
    </message>
    <message>
        <source>{progress}. It keeps going in the background.</source>
        <translation>{progress}。下载会在后台继续。</translation>
    </message>
    <message>
        <source>The download failed.</source>
        <translation>下载失败。</translation>
    </message>
    <message>
        <source>The download was cancelled.</source>
        <translation>下载已取消。</translation>
    </message>
    <message>
        <source>{problem} You can do this later from Models → Find and download.</source>
        <translation>{problem}你也可以稍后在“模型 → 查找和下载模型”中进行。</translation>
    </message>
    <message>
        <source>Preparing…</source>
        <translation>准备中…</translation>
    </message>
    <message>
        <source>Downloaded</source>
        <translation>已下载</translation>
    </message>
    <message>
        <source>It is in your Library: pick it from the model menu above the chat.</source>
        <translation>它已在你的模型库中：可在对话上方的模型菜单中选择它。</translation>
    </message>
</context>
</TS>
