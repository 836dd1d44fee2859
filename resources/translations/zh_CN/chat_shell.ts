<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AnswerStatus</name>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Writing the answer…</source>
        <translation>正在生成回答……</translation>
    </message>
    <message>
        <source>Writing the answer… {speed} token/s</source>
        <translation>正在生成回答……每秒 {speed} 个 token</translation>
    </message>
    <message>
        <source>Loading the model…</source>
        <translation>正在加载模型……</translation>
    </message>
    <message>
        <source>No model loaded</source>
        <translation>未加载模型</translation>
    </message>
    <message>
        <source>{model} ready</source>
        <translation>{model} 已就绪</translation>
    </message>
    <message>
        <source>Answer finished. {beginning}</source>
        <translation>回答完成。{beginning}</translation>
    </message>
    <message>
        <source>Answer finished.</source>
        <translation>回答完成。</translation>
    </message>
    <message>
        <source>Answer stopped.</source>
        <translation>回答已停止。</translation>
    </message>
    <message>
        <source>The answer could not be finished.</source>
        <translation>回答未能完成。</translation>
    </message>
</context>
<context>
    <name>ChatSession</name>
    <message>
        <source>That token cannot be branched from: the answer has no token probabilities.</source>
        <translation>无法从这个 token 创建分支：这条回答没有记录 token 概率。</translation>
    </message>
    <message>
        <source>Continuing an answer needs a model on this computer; Regenerate asks the remote again.</source>
        <translation>继续生成需要使用本机上的模型；如需让远程引擎再回答一次，请点“重新生成”。</translation>
    </message>
    <message>
        <source>Hearth is still answering. Stop it (Esc) or wait, then send again.</source>
        <translation>Hearth 还在回答。请先停止（Esc）或等它答完，再重新发送。</translation>
    </message>
    <message>
        <source>No model is loaded yet. Pick one from the model menu and wait for it to load.</source>
        <translation>还没有加载模型。请在模型菜单中选择一个，并等待加载完成。</translation>
    </message>
</context>
<context>
    <name>ContextMeter</name>
    <message>
        <source>Context used</source>
        <translation>已用上下文</translation>
    </message>
    <message>
        <source>How much of the model&apos;s context this chat fills</source>
        <translation>这个对话占用了模型上下文的多少</translation>
    </message>
    <message>
        <source>Context: %v / %m tokens</source>
        <translation>上下文：%v / %m token</translation>
    </message>
    <message>
        <source>Context: kept by the remote engine</source>
        <translation>上下文：由远程引擎管理</translation>
    </message>
</context>
<context>
    <name>ConversationActions</name>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Undo delete</source>
        <translation>撤销删除</translation>
    </message>
    <message>
        <source>Brings back the chats just deleted</source>
        <translation>恢复刚刚删除的对话</translation>
    </message>
    <message>
        <source>Deleted “{title}”.</source>
        <translation>已删除“{title}”。</translation>
    </message>
    <message>
        <source>Deleted {n} chats.</source>
        <translation>已删除 {n} 个对话。</translation>
    </message>
    <message>
        <source>Exported to {path}</source>
        <translation>已导出到 {path}</translation>
    </message>
</context>
<context>
    <name>ConversationList</name>
    <message>
        <source>just now</source>
        <translation>刚刚</translation>
    </message>
    <message>
        <source>1 min ago</source>
        <translation>1 分钟前</translation>
    </message>
    <message>
        <source>{n} min ago</source>
        <translation>{n} 分钟前</translation>
    </message>
    <message>
        <source>1 h ago</source>
        <translation>1 小时前</translation>
    </message>
    <message>
        <source>{n} h ago</source>
        <translation>{n} 小时前</translation>
    </message>
    <message>
        <source>yesterday</source>
        <translation>昨天</translation>
    </message>
    <message>
        <source>{n} days ago</source>
        <translation>{n} 天前</translation>
    </message>
    <message>
        <source>MMM d</source>
        <extracomment>A QLocale date pattern (MMM: short month name, d: day); keep the letters.</extracomment>
        <translation>M月d日</translation>
    </message>
    <message>
        <source>MMM d, yyyy</source>
        <extracomment>A QLocale date pattern (MMM: short month name, d: day, yyyy: year); keep the letters.</extracomment>
        <translation>yyyy年M月d日</translation>
    </message>
    <message>
        <source>Search chats</source>
        <translation>搜索对话</translation>
    </message>
    <message>
        <source>Shows only the chats whose title or messages contain the text; Esc clears it.</source>
        <translation>只显示标题或消息中包含这段文字的对话；按 Esc 清除。</translation>
    </message>
    <message>
        <source>Clear search</source>
        <translation>清除搜索</translation>
    </message>
    <message>
        <source>New chat</source>
        <translation>新对话</translation>
    </message>
    <message>
        <source>Start a new chat</source>
        <translation>开始一个新对话</translation>
    </message>
    <message>
        <source>Chats</source>
        <translation>对话</translation>
    </message>
    <message>
        <source>Your chats, the latest first. Selecting one opens it; F2 renames it and Delete deletes it.</source>
        <translation>你的对话，最新的在前。选中即可打开；F2 重命名，Delete 删除。</translation>
    </message>
    <message>
        <source>No chats match “{query}”.</source>
        <translation>没有对话包含“{query}”。</translation>
    </message>
    <message>
        <source>{title}, {when}</source>
        <translation>{title}，{when}</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>重命名</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
</context>
<context>
    <name>MainMenu</name>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;New chat</source>
        <translation>新对话(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Open model file…</source>
        <translation>打开模型文件(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Export chat…</source>
        <translation>导出对话(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Chat</source>
        <translation>对话(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Stop answer</source>
        <translation>停止回答(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Regenerate last answer</source>
        <translation>重新生成最后一条回答(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Find chat…</source>
        <translation>查找对话(&amp;F)…</translation>
    </message>
    <message>
        <source>Clear saved model &amp;memory…</source>
        <translation>清除已保存的模型记忆(&amp;M)…</translation>
    </message>
    <message>
        <source>&amp;Models</source>
        <translation>模型(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Find and download models…</source>
        <translation>查找并下载模型(&amp;F)…</translation>
    </message>
    <message>
        <source>&amp;Library…</source>
        <translation>模型库(&amp;L)…</translation>
    </message>
    <message>
        <source>&amp;Downloads…</source>
        <translation>下载(&amp;D)…</translation>
    </message>
    <message>
        <source>Add a &amp;remote engine…</source>
        <translation>添加远程引擎(&amp;R)…</translation>
    </message>
    <message>
        <source>Remote &amp;engines</source>
        <translation>远程引擎(&amp;E)</translation>
    </message>
    <message>
        <source>Local &amp;server…</source>
        <translation>本地服务器(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>Show &amp;settings panel</source>
        <translation>显示设置面板(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;Welcome…</source>
        <translation>欢迎(&amp;W)…</translation>
    </message>
    <message>
        <source>&amp;About Hearth</source>
        <translation>关于 Hearth(&amp;A)</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>跟随系统语言</translation>
    </message>
    <message>
        <source>Hearth will follow the system language the next time it starts.</source>
        <translation>Hearth 下次启动时将跟随系统语言。</translation>
    </message>
    <message>
        <source>Hearth will use {language} the next time it starts.</source>
        <translation>Hearth 下次启动时将使用“{language}”。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Settings panel</source>
        <translation>设置面板</translation>
    </message>
    <message>
        <source>The built-in starter model is not installed, so Hearth cannot answer yet. Open a .gguf model file to start chatting.</source>
        <translation>内置的入门模型没有安装，所以 Hearth 暂时还不能回答。打开一个 .gguf 模型文件即可开始对话。</translation>
    </message>
    <message>
        <source>Open model file…</source>
        <translation>打开模型文件…</translation>
    </message>
    <message>
        <source>{model} {fit}. Loading it may make this computer very slow or fail. Load it anyway?</source>
        <translation>{model} {fit}。加载它可能让这台电脑变得很慢，或者加载失败。仍要加载吗？</translation>
    </message>
    <message>
        <source>This model may not fit</source>
        <translation>这个模型可能放不下</translation>
    </message>
    <message>
        <source>Load anyway</source>
        <translation>仍然加载</translation>
    </message>
    <message>
        <source>{model} on {engine}</source>
        <translation>{engine} 上的 {model}</translation>
    </message>
    <message>
        <source>The answer in “{title}” was stopped when you switched chats; it was kept up to where it got.</source>
        <translation>切换对话时，“{title}”中的回答已停止；已写出的部分都保留了下来。</translation>
    </message>
    <message>
        <source>Everything is saved again.</source>
        <translation>所有内容已重新保存。</translation>
    </message>
</context>
<context>
    <name>MessageEdit</name>
    <message>
        <source>Editing a message: sending adds a new version; the old one and its answers stay (‹ ›).</source>
        <translation>正在编辑消息：发送后会添加一个新版本，旧版本和它的回答都会保留（‹ ›）。</translation>
    </message>
    <message>
        <source>Cancel edit</source>
        <translation>取消编辑</translation>
    </message>
</context>
<context>
    <name>NoticeBar</name>
    <message>
        <source>Notice</source>
        <translation>提示</translation>
    </message>
    <message>
        <source>Notice text</source>
        <translation>提示内容</translation>
    </message>
    <message>
        <source>Notice action</source>
        <translation>提示操作</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>Show details</source>
        <translation>显示详情</translation>
    </message>
    <message>
        <source>Show what exactly went wrong</source>
        <translation>查看具体出了什么问题</translation>
    </message>
    <message>
        <source>Dismiss notice</source>
        <translation>关闭提示</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>Anywhere in the main window</source>
        <translation>主窗口中任意位置</translation>
    </message>
    <message>
        <source>Message box</source>
        <translation>消息输入框</translation>
    </message>
    <message>
        <source>Chat list</source>
        <translation>对话列表</translation>
    </message>
    <message>
        <source>Chat search</source>
        <translation>对话搜索框</translation>
    </message>
    <message>
        <source>Models window</source>
        <translation>模型窗口</translation>
    </message>
    <message>
        <source>Welcome page</source>
        <translation>欢迎页</translation>
    </message>
    <message>
        <source>This list</source>
        <translation>本列表</translation>
    </message>
    <message>
        <source>Send the message</source>
        <translation>发送消息</translation>
    </message>
    <message>
        <source>Start a new line</source>
        <translation>换行</translation>
    </message>
    <message>
        <source>Stop the answer</source>
        <translation>停止回答</translation>
    </message>
    <message>
        <source>Rename the selected chat</source>
        <translation>重命名选中的对话</translation>
    </message>
    <message>
        <source>Delete the selected chat</source>
        <translation>删除选中的对话</translation>
    </message>
    <message>
        <source>Move between chats</source>
        <translation>在对话之间移动</translation>
    </message>
    <message>
        <source>Clear the search</source>
        <translation>清除搜索</translation>
    </message>
    <message>
        <source>Clear the model search</source>
        <translation>清除模型搜索</translation>
    </message>
    <message>
        <source>Close the Models window</source>
        <translation>关闭模型窗口</translation>
    </message>
    <message>
        <source>Start chatting</source>
        <translation>开始对话</translation>
    </message>
    <message>
        <source>Skip the welcome</source>
        <translation>跳过欢迎页</translation>
    </message>
    <message>
        <source>Close this list</source>
        <translation>关闭本列表</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>Every keyboard shortcut of Hearth: where it works, what it does and its keys.</source>
        <translation>Hearth 的全部键盘快捷键：在哪里可用、做什么、按哪些键。</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>Command</source>
        <translation>命令</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>按键</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>dialogs</name>
    <message>
        <source>Private, offline AI chat: your chats and your models stay on this computer, and nothing you type is sent anywhere.</source>
        <translation>私密的离线 AI 对话：你的对话和模型都留在这台电脑上，你输入的任何内容都不会被发送出去。</translation>
    </message>
    <message>
        <source>bundled</source>
        <translation>内置</translation>
    </message>
    <message>
        <source>installed</source>
        <translation>已安装</translation>
    </message>
    <message>
        <source>not installed</source>
        <translation>未安装</translation>
    </message>
    <message>
        <source>Built with</source>
        <translation>使用的组件</translation>
    </message>
    <message>
        <source>llama.cpp comes inside llama-cpp-python. The starter model, SmolLM2-135M-Instruct, is by Hugging Face. Qt and PySide6 are used under the LGPL-3.0: you may replace them with your own build.</source>
        <translation>llama.cpp 包含在 llama-cpp-python 中。入门模型 SmolLM2-135M-Instruct 由 Hugging Face 发布。Qt 和 PySide6 依据 LGPL-3.0 使用：你可以用自己构建的版本替换它们。</translation>
    </message>
    <message>
        <source>About Hearth</source>
        <translation>关于 Hearth</translation>
    </message>
    <message>
        <source>Export chat</source>
        <translation>导出对话</translation>
    </message>
    <message>
        <source>Markdown (*.md);;JSON (*.json)</source>
        <translation>Markdown 文件 (*.md);;JSON 文件 (*.json)</translation>
    </message>
    <message>
        <source>Open a model file</source>
        <translation>打开模型文件</translation>
    </message>
    <message>
        <source>GGUF models (*.gguf);;All files (*)</source>
        <translation>GGUF 模型 (*.gguf);;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>write_faults</name>
    <message>
        <source>Hearth cannot open its history: the disk that holds {folder} is full. Free some space on it, then start Hearth again.</source>
        <translation>Hearth 无法打开对话记录：{folder} 所在的磁盘已满。请腾出一些空间，然后重新启动 Hearth。</translation>
    </message>
    <message>
        <source>Hearth cannot open its history: {path} or its folder is read-only, and Hearth needs to write there first. Allow writing to them, then start Hearth again.</source>
        <translation>Hearth 无法打开对话记录：{path} 或它所在的文件夹是只读的，而 Hearth 需要先在那里写入。请允许写入它们，然后重新启动 Hearth。</translation>
    </message>
    <message>
        <source>Hearth&apos;s history is being used by another program, so it could not be opened. Close the other program (another Hearth, or a tool that opened {name}), then start Hearth again.</source>
        <translation>Hearth 的对话记录正被另一个程序占用，所以无法打开。请关闭那个程序（另一个 Hearth，或打开了 {name} 的工具），然后重新启动 Hearth。</translation>
    </message>
    <message>
        <source>Hearth cannot open its history: the disk reported an error reading {path}. Check that the disk is connected, then start Hearth again.</source>
        <translation>Hearth 无法打开对话记录：读取 {path} 时磁盘报告了错误。请检查磁盘是否已连接，然后重新启动 Hearth。</translation>
    </message>
    <message>
        <source>Hearth could not save your chats: the disk that holds {folder} is full. Free some space on it; nothing you wrote is lost.</source>
        <translation>Hearth 无法保存你的对话：{folder} 所在的磁盘已满。请腾出一些空间；你写的内容都没有丢失。</translation>
    </message>
    <message>
        <source>Hearth cannot save changes to your chats: its history file {path} is read-only. Allow writing to the file and its folder; your chats can still be read, and nothing you wrote is lost.</source>
        <translation>Hearth 无法保存对话的改动：对话记录文件 {path} 是只读的。请允许写入这个文件和它所在的文件夹；你的对话仍然可以查看，写过的内容也都没有丢失。</translation>
    </message>
    <message>
        <source>Hearth&apos;s history is being used by another program, so your chats could not be saved. Close the other program (another Hearth, or a tool that opened {name}) and try again; nothing you wrote is lost.</source>
        <translation>Hearth 的对话记录正被另一个程序占用，所以无法保存你的对话。请关闭那个程序（另一个 Hearth，或打开了 {name} 的工具）后重试；你写的内容都没有丢失。</translation>
    </message>
    <message>
        <source>Hearth could not save your chats: the disk reported an error writing {path}. Check that the disk is connected, then try again; nothing you wrote is lost.</source>
        <translation>Hearth 无法保存你的对话：写入 {path} 时磁盘报告了错误。请检查磁盘是否已连接，然后重试；你写的内容都没有丢失。</translation>
    </message>
</context>
</TS>
